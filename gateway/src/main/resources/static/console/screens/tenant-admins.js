// Operator console: a tenant's administrators — list (role, last login, lock state), issue another
// administrator, reset a password, lift a login lock: the tenant's way back when its only
// administrator is locked out or forgot the password. Each new password is shown once as a notice.
import { get, post } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { Errors, badge, confirmDialog, field, flash, h, show, table } from '../ui.js';
import { accountState, showPasswordNotice, stateTone } from './admins.js';

export async function render(context, tenantId) {
  const base = `/api/operator/tenants/${encodeURIComponent(tenantId)}`;
  const heading = h('h1', {}, t('tenantAdmins.heading', { name: '' }));
  const listError = h('p', { class: 'error', id: 'tenant-admins-list-error', role: 'alert' });
  const listArea = h('div', { id: 'tenant-admins-list' }, t('common.loading'));
  const noticeArea = h('div', { id: 'tenant-admins-notice-area' });

  async function reload() {
    try {
      const accounts = await get(`${base}/admins`);
      listError.textContent = '';
      listArea.replaceChildren(table(t('admins.list'), [
        { label: t('admins.loginId'), cell: (a) => a.loginId },
        { label: t('admins.role'), cell: (a) => t(`admins.role.${a.role}`) },
        { label: t('admins.lastLogin'), cell: (a) => (a.lastLoginAt ? formatTime(a.lastLoginAt) : t('admins.never')) },
        { label: t('admins.state'), cell: (a) => badge(accountState(a), stateTone(a)) },
        { label: t('common.actions'), cell: (a) => actions(a) },
      ], accounts));
    } catch (error) {
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }

  function actions(account) {
    const error = h('p', { class: 'error', role: 'alert' });
    const path = `${base}/admins/${encodeURIComponent(account.accountId)}`;
    const attempt = async (work) => {
      error.textContent = '';
      try {
        await work();
      } catch (problem) {
        error.textContent = problem.message;
      }
    };
    const buttons = [h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('admins.reset')}: ${account.loginId}`,
      onclick: () => attempt(async () => {
        if (!await confirmDialog(t('admins.confirmReset', { loginId: account.loginId }))) return;
        const notice = await post(`${path}/password-reset`);
        showPasswordNotice(noticeArea, 'tenant-admins', notice);
        await reload();
      }) }, t('admins.reset'))];
    if (account.locked || account.failedLogins > 0) {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('admins.unlock')}: ${account.loginId}`,
        onclick: () => attempt(async () => {
          await post(`${path}/unlock`);
          await reload();
          flash(t('admins.unlocked', { loginId: account.loginId }));
        }) }, t('admins.unlock')));
    }
    return h('div', {}, h('div', { class: 'actions' }, buttons), error);
  }

  const loginId = field({ id: 'tenant-admins-login-id', label: t('tenants.adminLoginId'), optional: true });
  const form = h('form', { novalidate: true, class: 'card', 'aria-labelledby': 'tenant-admins-issue-heading' },
    h('h2', { id: 'tenant-admins-issue-heading' }, t('tenantAdmins.issue')),
    h('p', { class: 'hint' }, t('tenantAdmins.issueHint')), loginId.wrapper);
  const errors = new Errors(form, 'tenant-admins-error');
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'tenant-admins-submit' },
    t('tenantAdmins.submit'))), errors.actionError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      const notice = await post(`${base}/admins`, { adminLoginId: loginId.input.value.trim() || undefined });
      form.reset();
      showPasswordNotice(noticeArea, 'tenant-admins', notice);
      await reload();
    } catch (error) {
      errors.show(error, { fieldIds: { adminLoginId: 'tenant-admins-login-id' },
        slugFields: { 'login-id-invalid': 'tenant-admins-login-id', 'login-id-taken': 'tenant-admins-login-id',
          'login-id-other-scope': 'tenant-admins-login-id' } });
    }
  });

  show(h('section', {}, heading, h('p', {}, h('a', { href: '#/tenants', id: 'tenant-admins-back' }, t('nas.back'))),
    noticeArea, form, h('h2', {}, t('admins.list')), listError, listArea));
  try {
    const tenant = await get(base);
    heading.textContent = t('tenantAdmins.heading', { name: tenant.name });
  } catch (error) {
    listError.textContent = error.message;
  }
  reload();
}
