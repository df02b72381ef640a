// Operator console: tenants (R-OPS-1) — create with the registration notice shown this once,
// change the contract, suspend and resume; the way to each tenant's overview (概要), NAS clients
// and administrators.
import { get, post, put, query } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { Errors, badge, confirmDialog, dialog, field, flash, h, pager, show, table } from '../ui.js';

const PAGE_SIZE = 20;

export function render(context) {
  const listArea = h('div', { id: 'tenant-list' }, t('common.loading'));
  const noticeArea = h('div', { id: 'notice-area' });
  const state = { filter: '', page: 0 };

  const listError = h('p', { class: 'error', id: 'tenant-list-error', role: 'alert' });
  const filterInput = h('input', { id: 'tenant-filter', type: 'search', 'aria-label': t('tenants.filterName') });
  let typing;
  // searched by the server (part of the name, any case), a moment after the last key
  filterInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.filter = filterInput.value.trim(); state.page = 0; reload(); }, 250);
  });

  let latest = 0;
  async function reload() {
    const asked = ++latest;
    try {
      const answer = await get(`/api/operator/tenants${query({ name: state.filter, page: state.page, size: PAGE_SIZE })}`);
      if (asked !== latest) return; // an answer to an earlier search that came late
      listError.textContent = '';
      drawList(answer);
    } catch (error) {
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }

  function drawList(answer) {
    const pages = Math.ceil(answer.total / PAGE_SIZE);
    listArea.replaceChildren(table(t('tenants.list'), [
      { label: t('tenants.name'), cell: (tenant) => tenant.name },
      { label: t('tenants.id'), cell: (tenant) => h('span', { class: 'mono' }, tenant.tenantId) },
      { label: t('tenants.devicesPerUser'), cell: (tenant) => String(tenant.devicesPerUser) },
      { label: t('tenants.vpnPool'), cell: (tenant) => tenant.vpnPool },
      { label: t('tenants.status'), cell: (tenant) => badge(t(`tenants.status.${tenant.status}`), tenant.status === 'ACTIVE' ? 'ok' : 'bad') },
      { label: t('tenants.createdAt'), cell: (tenant) => formatTime(tenant.createdAt) },
      { label: t('common.actions'), cell: (tenant) => actions(tenant) },
    ], answer.items), pager(state.page, pages, answer.total, (page) => { state.page = page; reload(); }));
  }

  function actions(tenant) {
    const error = h('p', { class: 'error', role: 'alert' });
    const suspended = tenant.status === 'SUSPENDED';
    const toggle = h('button', {
      type: 'button', class: 'secondary',
      'aria-label': `${t(suspended ? 'tenants.resume' : 'tenants.suspend')}: ${tenant.name}`,
      onclick: async () => {
        // suspending stops every connection, download and mail of the tenant: say so and ask first
        if (!suspended && !await confirmDialog(t('tenants.confirmSuspend', { name: tenant.name }))) return;
        try {
          await post(`/api/operator/tenants/${encodeURIComponent(tenant.tenantId)}/${suspended ? 'resume' : 'suspend'}`);
          await reload();
          flash(t(suspended ? 'tenants.resumed' : 'tenants.suspended', { name: tenant.name }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      },
    }, t(suspended ? 'tenants.resume' : 'tenants.suspend'));
    return h('div', {}, h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('tenants.contract')}: ${tenant.name}`,
        onclick: () => contractDialog(tenant, reload) }, t('tenants.contract')),
      toggle,
      h('a', { href: `#/tenants/${encodeURIComponent(tenant.tenantId)}/overview`, id: `tenant-overview-${tenant.tenantId}`,
        'aria-label': `${t('tenants.overview')}: ${tenant.name}` }, t('tenants.overview')),
      h('a', { href: `#/tenants/${encodeURIComponent(tenant.tenantId)}/nas`, 'aria-label': `${t('tenants.nas')}: ${tenant.name}` },
        t('tenants.nas')),
      h('a', { href: `#/tenants/${encodeURIComponent(tenant.tenantId)}/admins`,
        'aria-label': `${t('tenants.admins')}: ${tenant.name}` }, t('tenants.admins'))), error);
  }

  show(h('section', {},
    h('h1', {}, t('tenants.heading')),
    noticeArea,
    createForm(noticeArea, reload),
    h('h2', {}, t('tenants.list')),
    h('div', { class: 'inline-form' }, h('div', { class: 'field' },
      h('label', { for: 'tenant-filter' }, t('tenants.filterName')), filterInput)),
    listError, listArea));
  reload();
}

function createForm(noticeArea, reload) {
  const name = field({ id: 'tenant-name', label: t('tenants.name'), required: true });
  const devices = field({ id: 'tenant-devices', label: t('tenants.devicesPerUser'), type: 'number', min: '1', max: '100',
    hint: t('tenants.devicesPerUserHint'), optional: true });
  const pool = field({ id: 'tenant-pool', label: t('tenants.vpnPool'), required: true, hint: t('tenants.vpnPoolHint') });
  const adminLoginId = field({ id: 'tenant-admin', label: t('tenants.adminLoginId'), optional: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'tenant-submit' }, t('tenants.submit'));
  const form = h('form', { novalidate: true, class: 'card', 'aria-labelledby': 'tenant-create-heading' },
    h('h2', { id: 'tenant-create-heading' }, t('tenants.create')),
    name.wrapper, devices.wrapper, pool.wrapper, adminLoginId.wrapper);
  const errors = new Errors(form, 'tenant-error');
  form.append(h('div', { class: 'actions' }, submit), errors.actionError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[name.input, t('tenants.name')], [pool.input, t('tenants.vpnPool')]])) return;
    submit.disabled = true;
    try {
      const created = await post('/api/operator/tenants', {
        name: name.input.value.trim(),
        devicesPerUser: devices.input.value ? Number(devices.input.value) : undefined,
        vpnPool: pool.input.value.trim(),
        adminLoginId: adminLoginId.input.value.trim() || undefined,
      });
      form.reset();
      showNotice(noticeArea, created);
      await reload();
    } catch (error) {
      errors.show(error, {
        fieldIds: { name: 'tenant-name', devicesPerUser: 'tenant-devices', vpnPool: 'tenant-pool', adminLoginId: 'tenant-admin' },
        slugFields: { 'tenant-name-taken': 'tenant-name', 'vpn-pool-invalid': 'tenant-pool', 'vpn-pool-overlaps': 'tenant-pool',
          'login-id-invalid': 'tenant-admin', 'login-id-taken': 'tenant-admin' },
      });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The registration notice: only in this answer, so it stays on screen until closed. */
function showNotice(area, created) {
  const notice = created.registrationNotice;
  const close = h('button', { type: 'button', class: 'primary', id: 'notice-close', onclick: () => area.replaceChildren() },
    t('notice.close'));
  const section = h('section', { class: 'card notice', id: 'registration-notice', 'aria-labelledby': 'notice-heading', tabindex: '-1' },
    h('h2', { id: 'notice-heading' }, t('notice.heading')),
    h('p', { role: 'alert' }, t('notice.once')),
    h('dl', {},
      h('dt', {}, t('notice.tenant')), h('dd', {}, created.name),
      h('dt', {}, t('notice.loginUrl')), h('dd', { id: 'notice-login-url' }, notice.loginUrl),
      h('dt', {}, t('notice.loginId')), h('dd', { id: 'notice-login-id' }, notice.loginId),
      h('dt', {}, t('notice.initialPassword')), h('dd', { id: 'notice-password' }, notice.initialPassword)),
    h('div', { class: 'actions' }, close));
  area.replaceChildren(section);
  section.focus();
}

function contractDialog(tenant, reload) {
  const devices = field({ id: 'contract-devices', label: t('tenants.devicesPerUser'), type: 'number', min: '1', max: '100',
    required: true, value: String(tenant.devicesPerUser), hint: t('tenants.devicesPerUserHint') });
  const form = h('form', { novalidate: true }, devices.wrapper);
  const errors = new Errors(form, 'contract-error');
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'));
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'contract-submit' }, t('common.set')),
    cancel), errors.actionError);
  const box = dialog(t('tenants.contractHeading', { name: tenant.name }), form);
  devices.input.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      await put(`/api/operator/tenants/${encodeURIComponent(tenant.tenantId)}/contract`,
        { devicesPerUser: devices.input.value ? Number(devices.input.value) : null });
      box.close();
      await reload();
      flash(t('tenants.contractDone', { name: tenant.name }));
    } catch (error) {
      errors.show(error, { fieldIds: { devicesPerUser: 'contract-devices' } });
    }
  });
}
