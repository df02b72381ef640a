// 管理者: the tenant's administrators and auditors — add (the initial password shown once as a
// notice), change the role, reset the password (a new one-time notice), lift a login lock,
// remove; with each account's last login and lock state. Auditors see the list only. The last
// administrator can be neither removed nor made an auditor (the server says so).
import { del, get, post, put } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { Errors, badge, confirmDialog, dialog, field, flash, h, selectField, show, table } from '../ui.js';

/** An account's state as the list shows it: locked (until), failed logins, must change the password. */
export function accountState(account) {
  if (account.locked) return t('admins.locked', { until: formatTime(account.lockedUntil) });
  const parts = [];
  if (account.passwordChangeRequired) parts.push(t('admins.mustChange'));
  if (account.failedLogins > 0) parts.push(t('admins.failed', { count: account.failedLogins }));
  return parts.length ? parts.join(' / ') : t('admins.ok');
}

/** The colour of an account's state next to its words: locked red, something to do amber, in use green. */
export function stateTone(account) {
  if (account.locked) return 'bad';
  return account.passwordChangeRequired || account.failedLogins > 0 ? 'warn' : 'ok';
}

/**
 * The one-time password notice: only in this answer, so it stays on screen until closed.
 * ids: `${prefix}-notice`, `${prefix}-notice-login-id`, `${prefix}-notice-password`, `${prefix}-notice-close`.
 */
export function showPasswordNotice(area, prefix, { loginId, initialPassword, loginUrl }) {
  const close = h('button', { type: 'button', class: 'primary', id: `${prefix}-notice-close`,
    onclick: () => area.replaceChildren() }, t('notice.close'));
  const section = h('section', { class: 'card notice', id: `${prefix}-notice`, 'aria-labelledby': `${prefix}-notice-heading`,
    tabindex: '-1' },
  h('h2', { id: `${prefix}-notice-heading` }, t('admins.notice.heading')),
  h('p', { role: 'alert' }, t('admins.notice.once')),
  h('dl', {},
    h('dt', {}, t('notice.loginUrl')), h('dd', { id: `${prefix}-notice-login-url` }, loginUrl || `${location.origin}/login`),
    h('dt', {}, t('admins.loginId')), h('dd', { id: `${prefix}-notice-login-id` }, loginId),
    h('dt', {}, t('notice.initialPassword')), h('dd', { id: `${prefix}-notice-password` }, initialPassword)),
  h('div', { class: 'actions' }, close));
  area.replaceChildren(section);
  section.focus();
}

export function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const myId = context.session.account.accountId;
  const listArea = h('div', { id: 'admins-list' }, t('common.loading'));
  const listError = h('p', { class: 'error', id: 'admins-list-error', role: 'alert' });
  const noticeArea = h('div', { id: 'admins-notice-area' });

  async function reload() {
    try {
      const accounts = await get('/api/admins');
      listError.textContent = '';
      const columns = [
        { label: t('admins.loginId'), cell: (a) => a.loginId },
        { label: t('admins.role'), cell: (a) => t(`admins.role.${a.role}`) },
        { label: t('admins.lastLogin'), cell: (a) => (a.lastLoginAt ? formatTime(a.lastLoginAt) : t('admins.never')) },
        { label: t('admins.state'), cell: (a) => badge(accountState(a), stateTone(a)) },
        { label: t('admins.createdAt'), cell: (a) => formatTime(a.createdAt) },
      ];
      if (canWrite) columns.push({ label: t('common.actions'), cell: (a) => actions(a) });
      listArea.replaceChildren(table(t('admins.list'), columns, accounts));
    } catch (error) {
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }

  function actions(account) {
    const error = h('p', { class: 'error', role: 'alert' });
    const base = `/api/admins/${encodeURIComponent(account.accountId)}`;
    const named = (key) => `${t(key)}: ${account.loginId}`;
    const attempt = async (work) => {
      error.textContent = '';
      try {
        await work();
      } catch (problem) {
        error.textContent = problem.message;
      }
    };
    const buttons = [
      h('button', { type: 'button', class: 'secondary', 'aria-label': named('admins.changeRole'),
        onclick: () => roleDialog(account, reload) }, t('admins.changeRole')),
    ];
    // the own password is changed in the account menu: a reset would end this session before
    // its notice could be read
    if (account.accountId !== myId) {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'aria-label': named('admins.reset'),
        onclick: () => attempt(async () => {
          if (!await confirmDialog(t('admins.confirmReset', { loginId: account.loginId }))) return;
          const issued = await post(`${base}/password-reset`);
          showPasswordNotice(noticeArea, 'admins', { loginId: issued.account.loginId, initialPassword: issued.initialPassword });
          await reload();
        }) }, t('admins.reset')));
    }
    if (account.locked || account.failedLogins > 0) {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'aria-label': named('admins.unlock'),
        onclick: () => attempt(async () => {
          await post(`${base}/unlock`);
          await reload();
          flash(t('admins.unlocked', { loginId: account.loginId }));
        }) }, t('admins.unlock')));
    }
    buttons.push(h('button', { type: 'button', class: 'secondary', 'aria-label': named('admins.remove'),
      onclick: () => attempt(async () => {
        if (!await confirmDialog(t('admins.confirmRemove', { loginId: account.loginId }))) return;
        await del(base);
        await reload();
        flash(t('admins.removed', { loginId: account.loginId }));
      }) }, t('admins.remove')));
    return h('div', {}, h('div', { class: 'actions' }, buttons), error);
  }

  const content = [h('h1', {}, t('admins.heading')), h('p', { class: 'hint' }, t('admins.intro')), noticeArea];
  if (canWrite) content.push(addForm(noticeArea, reload));
  content.push(h('h2', {}, t('admins.list')), listError, listArea);
  show(h('section', {}, ...content));
  reload();
}

function addForm(noticeArea, reload) {
  const loginId = field({ id: 'admin-login-id', label: t('admins.loginId'), required: true, hint: t('admins.loginIdHint') });
  const role = selectField({ id: 'admin-role', label: t('admins.role'), required: true,
    options: [['ADMIN', t('admins.role.ADMIN')], ['AUDITOR', t('admins.role.AUDITOR')]], value: 'AUDITOR' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'admin-submit' }, t('admins.submit'));
  const form = h('form', { novalidate: true, class: 'card', 'aria-labelledby': 'admin-add-heading' },
    h('h2', { id: 'admin-add-heading' }, t('admins.add')), loginId.wrapper, role.wrapper);
  const errors = new Errors(form, 'admin-error');
  form.append(h('div', { class: 'actions' }, submit), errors.actionError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[loginId.input, t('admins.loginId')]])) return;
    submit.disabled = true;
    try {
      const created = await post('/api/admins', { loginId: loginId.input.value.trim(), role: role.input.value });
      form.reset();
      role.input.value = 'AUDITOR';
      showPasswordNotice(noticeArea, 'admins', { loginId: created.account.loginId, initialPassword: created.initialPassword });
      await reload();
    } catch (error) {
      errors.show(error, { fieldIds: { loginId: 'admin-login-id', role: 'admin-role' } });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function roleDialog(account, reload) {
  const role = selectField({ id: 'admin-role-change', label: t('admins.role'), required: true,
    options: [['ADMIN', t('admins.role.ADMIN')], ['AUDITOR', t('admins.role.AUDITOR')]], value: account.role });
  const form = h('form', { novalidate: true }, role.wrapper);
  const errors = new Errors(form, 'admin-role-change-error');
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'));
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'admin-role-change-submit' },
    t('common.set')), cancel), errors.actionError);
  const box = dialog(t('admins.roleHeading', { loginId: account.loginId }), form);
  role.input.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      await put(`/api/admins/${encodeURIComponent(account.accountId)}/role`, { role: role.input.value });
      box.close();
      await reload();
      flash(t('admins.roleDone', { loginId: account.loginId }));
    } catch (error) {
      errors.show(error, { fieldIds: { role: 'admin-role-change' } });
    }
  });
}
