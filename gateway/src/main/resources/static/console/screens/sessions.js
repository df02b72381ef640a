// 接続管理 › 接続中セッション (R-AUT-6) and 接続ログ (R-AUT-7): auth-service's live sessions with
// 切断 (RFC 5176 Disconnect-Request, after a confirmation) and its decision log with filters.
// The sessions list is filtered by user on the server with its total from /count; the decision
// log answers one page without a total: 次へ is offered while a page comes back full.
import { del, get, query } from '../api.js';
import { formatAddress, formatTime, instantOfZoned, t } from '../i18n.js';
import { Errors, confirmDialog, field, flash, h, pager, selectField, show, table } from '../ui.js';

const PAGE_SIZE = 50;
const REASONS = ['TENANT_SUSPENDED', 'UNKNOWN_USER', 'USER_DISABLED', 'BAD_PASSWORD', 'PASSWORD_THROTTLED', 'DIRECTORY_UNAVAILABLE', 'DIRECTORY_NOT_CONFIGURED',
  'NO_DEVICE', 'DEVICE_DISABLED', 'DEVICE_OUTSIDE_VALIDITY', 'PROFILE_DISABLED', 'DEVICE_MISMATCH',
  'DEVICE_REGISTERED_RECONNECT', 'AUTO_REGISTRATION_FAILED', 'PROXY_NOT_APPLIED', 'POOL_EXHAUSTED'];
// older log entries may carry reasons no longer raised; they keep their label
const LABELLED = [...REASONS, 'LOCAL_DIRECTORY_UNSUPPORTED'];
const CAUSES = ['ACCOUNTING_STOP', 'ADMIN_DISCONNECT', 'LEASE_EXPIRED'];

/**
 * Adds to names (device id → name) the devices of these rows it does not know yet, in one lookup;
 * a device that is gone keeps showing its id.
 */
async function learnDeviceNames(names, rows) {
  const unknown = [...new Set(rows.map((row) => row.deviceId).filter((id) => id && !names.has(id)))];
  if (unknown.length === 0) return;
  try {
    const found = await get(`/api/devices/names${query({ ids: unknown.join(',') })}`);
    found.forEach((device) => names.set(device.id, device.name));
  } catch (error) {
    // the ids stay; the list is still worth showing
  }
}

const deviceCell = (names) => (row) => (row.deviceId ? names.get(row.deviceId) || h('span', { class: 'mono' }, row.deviceId) : '-');

/** 接続中セッション (#/sessions). */
export function renderSessions(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const state = { page: 0, names: new Map() };
  const user = field({ id: 'sessions-filter-user', label: t('sessions.user'), optional: true, hint: t('sessions.userHint') });
  const live = selectField({ id: 'sessions-filter-live', label: t('sessions.which'),
    options: [['true', t('sessions.live')], ['false', t('sessions.all')]] });
  const form = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, user.wrapper, live.wrapper));
  const errors = new Errors(form, 'sessions-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'sessions-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear'))), errors.actionError);
  const listArea = h('div', { id: 'sessions-list' }, t('common.loading'));

  async function reload() {
    try {
      const filter = { live: live.input.value, user: user.input.value.trim() };
      const [rows, count] = await Promise.all([
        get(`/api/auth/sessions${query({ ...filter, page: state.page, size: PAGE_SIZE })}`),
        get(`/api/auth/sessions/count${query(filter)}`)]);
      await learnDeviceNames(state.names, rows);
      errors.clear();
      const columns = [
        { label: t('sessions.user'), cell: (session) => session.userName || '' },
        { label: t('sessions.device'), cell: deviceCell(state.names) },
        { label: t('sessions.framedIp'), cell: (session) => formatAddress(session.framedIp) },
        { label: t('sessions.nas'), cell: (session) => h('span', { class: 'mono' }, session.nasClientId || '') },
        { label: t('sessions.acctSessionId'), cell: (session) => h('span', { class: 'mono' }, session.acctSessionId || '') },
        { label: t('sessions.startedAt'), cell: (session) => formatTime(session.startedAt) },
        { label: t('sessions.lastUpdate'), cell: (session) => formatTime(session.lastUpdate) },
        { label: t('sessions.state'), cell: (session) => (session.live ? t('sessions.state.live')
          : `${t('sessions.state.ended')} ${formatTime(session.stoppedAt)} (${CAUSES.includes(session.cause) ? t(`sessions.cause.${session.cause}`) : session.cause || ''})`) },
      ];
      if (canWrite) columns.push({ label: t('common.actions'), cell: disconnectButton });
      listArea.replaceChildren(table(t('sessions.list'), columns, rows),
        pager(state.page, Math.ceil(count.total / PAGE_SIZE), count.total, (page) => { state.page = page; reload(); }));
    } catch (error) {
      listArea.replaceChildren();
      errors.show(error, { fieldIds: { live: 'sessions-filter-live', user: 'sessions-filter-user' } });
    }
  }

  function disconnectButton(session) {
    if (!session.live) return '';
    const error = h('p', { class: 'error', role: 'alert' });
    return h('div', {}, h('button', {
      type: 'button', class: 'secondary', 'aria-label': `${t('sessions.disconnect')}: ${session.userName}`,
      onclick: async () => {
        if (!await confirmDialog(t('sessions.confirmDisconnect', { name: session.userName, ip: session.framedIp || '' }))) return;
        try {
          await del(`/api/auth/sessions/${encodeURIComponent(session.id)}`);
          await reload();
          flash(t('sessions.disconnected', { name: session.userName }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      },
    }, t('sessions.disconnect')), error);
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; reload(); });
  form.addEventListener('reset', () => setTimeout(() => { state.page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('sessions.heading')), h('p', { class: 'hint' }, t('sessions.intro')), form, listArea));
  reload();
}

/** 接続ログ (#/decisions): every connection decision, newest first, with filters. */
export function renderDecisions() {
  const state = { page: 0, names: new Map() };
  const from = field({ id: 'decisions-from', label: t('decisions.from'), type: 'datetime-local', optional: true });
  const to = field({ id: 'decisions-to', label: t('decisions.to'), type: 'datetime-local', optional: true });
  const user = field({ id: 'decisions-user', label: t('decisions.user'), optional: true, hint: t('decisions.exact') });
  const result = selectField({ id: 'decisions-result', label: t('decisions.result'),
    options: [['', t('common.all')], ['ACCEPT', t('decisions.result.ACCEPT')], ['REJECT', t('decisions.result.REJECT')]] });
  const reason = selectField({ id: 'decisions-reason', label: t('decisions.reason'),
    options: [['', t('common.all')], ...REASONS.map((value) => [value, t(`decisions.reason.${value}`)])] });
  const form = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, from.wrapper, to.wrapper, user.wrapper, result.wrapper, reason.wrapper));
  const errors = new Errors(form, 'decisions-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'decisions-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear'))), errors.actionError);
  const listArea = h('div', { id: 'decisions-list' }, t('common.loading'));
  const iso = (value) => instantOfZoned(value) || ''; // the inputs are wall times in the tenant's zone

  async function reload() {
    try {
      const filter = { from: iso(from.input.value), to: iso(to.input.value), user: user.input.value.trim(),
        result: result.input.value, reason: reason.input.value };
      const [decisions, count] = await Promise.all([
        get(`/api/auth/decisions${query({ ...filter, page: state.page, size: PAGE_SIZE })}`),
        get(`/api/auth/decisions/count${query(filter)}`)]);
      await learnDeviceNames(state.names, decisions);
      errors.clear();
      listArea.replaceChildren(table(t('decisions.heading'), [
        { label: t('decisions.at'), cell: (item) => formatTime(item.decidedAt) },
        { label: t('decisions.user'), cell: (item) => item.userName || '' },
        { label: t('decisions.device'), cell: deviceCell(state.names) },
        { label: t('decisions.result'), cell: (item) => h('span', { class: item.result === 'ACCEPT' ? 'ok' : 'warning' },
          t(`decisions.result.${item.result === 'ACCEPT' ? 'ACCEPT' : 'REJECT'}`)) },
        { label: t('decisions.reason'), cell: (item) => (item.reason && LABELLED.includes(item.reason)
          ? t(`decisions.reason.${item.reason}`) : item.reason || '-') },
        { label: t('decisions.framedIp'), cell: (item) => formatAddress(item.framedIp) },
        { label: t('decisions.nas'), cell: (item) => h('span', { class: 'mono' }, item.nasClientId || '') },
        { label: t('decisions.channel'), cell: (item) => (item.channel || '').toUpperCase() },
        { label: t('decisions.latency'), cell: (item) => `${item.latencyMillis} ms` },
      ], decisions), pager(state.page, Math.ceil(count.total / PAGE_SIZE), count.total, (page) => { state.page = page; reload(); }));
    } catch (error) {
      listArea.replaceChildren();
      errors.show(error, { fieldIds: { from: 'decisions-from', to: 'decisions-to', user: 'decisions-user',
        result: 'decisions-result', reason: 'decisions-reason' } });
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; reload(); });
  form.addEventListener('reset', () => setTimeout(() => { state.page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('decisions.heading')), h('p', { class: 'hint' }, t('decisions.intro')), form, listArea));
  reload();
}
