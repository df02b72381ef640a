// ユーザプロフィール設定 (guide 4-4, R-PRO-*): one profile per user and assigned device with its
// status (the six labels of R-PRO-4), 選択送信 through the ユーザプロフィールダウンロード通知 dialog,
// 選択削除, the download history and revoking the current link.
import { get, post } from '../api.js';
import { formatTime, language, t } from '../i18n.js';
import { Errors, confirmDialog, dialog, field, flash, h, pager, selectField, show, table } from '../ui.js';

const STATUSES = ['MAIL_NOT_SENT', 'WAITING_DOWNLOAD', 'WAITING_DOWNLOAD_RESENT', 'LINK_EXPIRED',
  'WAITING_DEVICE_REGISTRATION', 'READY'];
const PAGE_SIZE = 50;

export function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const state = { page: 0, all: [], send: new Set(), remove: new Set() };
  const name = field({ id: 'profiles-filter-name', label: t('profiles.id'), optional: true });
  const status = selectField({ id: 'profiles-filter-status', label: t('profiles.status'),
    options: [['', t('common.all')], ...STATUSES.map((value) => [value, t(`profiles.status.${value}`)])] });
  const filterForm = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, name.wrapper, status.wrapper));
  const listError = h('p', { class: 'error', id: 'profiles-error', role: 'alert' });
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'profiles-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear'))));
  const actionError = h('p', { class: 'error', id: 'profiles-action-error', role: 'alert' });
  const total = h('p', { id: 'profiles-total' });
  const listArea = h('div', { id: 'profiles-list' }, t('common.loading'));

  const filtered = () => {
    const part = name.input.value.trim().toLowerCase();
    return state.all.filter((profile) => (!part || profile.name.toLowerCase().includes(part))
      && (!status.input.value || profile.status === status.input.value));
  };

  async function reload() {
    try {
      state.all = await get('/api/profiles');
      listError.textContent = '';
      const known = new Set(state.all.map((profile) => profile.profileId));
      [state.send, state.remove].forEach((set) => [...set].filter((id) => !known.has(id)).forEach((id) => set.delete(id)));
      draw();
    } catch (error) {
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }

  function draw() {
    const rows = filtered();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const shown = rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
    total.textContent = t('profiles.total', { total: state.all.length });
    const check = (set, profile, key) => {
      const box = h('input', { type: 'checkbox', checked: set.has(profile.profileId),
        'aria-label': `${t(key)}: ${profile.name}` });
      box.addEventListener('change', () => { if (box.checked) set.add(profile.profileId); else set.delete(profile.profileId); });
      return box;
    };
    const columns = [
      { label: t('profiles.id'), cell: (profile) => profile.name },
      { label: t('profiles.status'), cell: (profile) => profile.statusLabel },
      { label: t('profiles.connection'), cell: (profile) => t(profile.connectionAllowed ? 'common.enabled' : 'common.disabled') },
      { label: t('profiles.link'), cell: linkCell },
    ];
    if (canWrite) {
      columns.push({ label: t('profiles.selectSend'), cell: (profile) => check(state.send, profile, 'profiles.selectSend') });
      columns.push({ label: t('profiles.selectDelete'), cell: (profile) => check(state.remove, profile, 'profiles.selectDelete') });
    }
    columns.push({ label: t('common.actions'), cell: actions });
    listArea.replaceChildren(table(t('profiles.list'), columns, shown),
      pager(state.page, pages, rows.length, (page) => { state.page = page; draw(); }));
  }

  function linkCell(profile) {
    if (!profile.link) return '-';
    const link = profile.link;
    const count = link.maxDownloads == null ? t('profiles.unlimited') : t('profiles.remaining', { remaining: link.remaining });
    return h('span', {}, link.recipient, h('br'), t('profiles.expiresAt', { at: formatTime(link.expiresAt) }), ' / ', count);
  }

  function actions(profile) {
    const error = h('p', { class: 'error', role: 'alert' });
    return h('div', {}, h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('profiles.history')}: ${profile.name}`,
        onclick: () => history(profile) }, t('profiles.history')),
      canWrite && profile.link?.usable ? h('button', {
        type: 'button', class: 'secondary', 'aria-label': `${t('profiles.revoke')}: ${profile.name}`,
        onclick: async () => {
          if (!await confirmDialog(t('profiles.confirmRevoke', { name: profile.name }))) return;
          try {
            await post(`/api/profiles/${encodeURIComponent(profile.profileId)}/revoke`);
            await reload();
            flash(t('profiles.revoked', { name: profile.name }));
          } catch (problem) {
            error.textContent = problem.message;
          }
        },
      }, t('profiles.revoke')) : null), error);
  }

  async function sendSelected() {
    actionError.textContent = '';
    if (state.send.size === 0) { actionError.textContent = t('profiles.noneSelected'); return; }
    sendDialog([...state.send], state.all.filter((profile) => state.send.has(profile.profileId)), async (count) => {
      state.send.clear();
      await reload();
      flash(t('profiles.sent', { count }));
    });
  }

  async function deleteSelected() {
    actionError.textContent = '';
    if (state.remove.size === 0) { actionError.textContent = t('profiles.noneSelected'); return; }
    if (!await confirmDialog(t('profiles.confirmDelete', { count: state.remove.size }))) return;
    try {
      const count = state.remove.size;
      await post('/api/profiles/delete', { profileIds: [...state.remove] });
      state.remove.clear();
      await reload();
      flash(t('profiles.deleted', { count }));
    } catch (error) {
      actionError.textContent = error.message;
    }
  }

  // 検索 reads the list afresh (statuses change as users download and connect), then filters it here
  filterForm.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; reload(); });
  filterForm.addEventListener('reset', () => setTimeout(() => { state.page = 0; draw(); }));
  show(h('section', {}, h('h1', {}, t('profiles.heading')), h('p', { class: 'hint' }, t('profiles.intro')),
    filterForm, listError, total,
    canWrite ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', id: 'profiles-send', onclick: sendSelected }, t('profiles.selectSend')),
      h('button', { type: 'button', class: 'secondary', id: 'profiles-delete', onclick: deleteSelected }, t('profiles.selectDelete')))
      : null, actionError, listArea));
  reload();
}

/** ユーザプロフィールダウンロード通知: address, subject, validity 1–30 days, count 1–5 or unlimited. */
function sendDialog(profileIds, profiles, done) {
  const single = profiles.length === 1;
  const recipient = field({ id: 'send-recipient', label: t('profiles.recipient'), type: 'email', required: single,
    optional: !single, value: single ? (profiles[0].link?.recipient || '') : '',
    hint: single ? null : t('profiles.recipientHint') });
  const subject = field({ id: 'send-subject', label: t('profiles.subject'), required: true, value: t('profiles.defaultSubject') });
  const days = field({ id: 'send-days', label: t('profiles.validityDays'), type: 'number', required: true, min: '1', max: '30',
    value: '7', hint: t('profiles.validityHint') });
  const count = selectField({ id: 'send-count', label: t('profiles.maxDownloads'), required: true,
    options: [['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'], ['', t('profiles.unlimited')]], value: '1',
    hint: t('profiles.maxDownloadsHint') });
  const form = h('form', { novalidate: true },
    h('p', {}, t('profiles.sendIntro')),
    h('ul', { id: 'send-profiles' }, profiles.map((profile) => h('li', {}, profile.name))),
    recipient.wrapper, subject.wrapper, days.wrapper, count.wrapper);
  const errors = new Errors(form, 'send-error');
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'send-submit' }, t('profiles.sendSubmit')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  const box = dialog(t('profiles.sendHeading'), form);
  recipient.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const validity = Number(days.input.value);
    if (!Number.isInteger(validity) || validity < 1 || validity > 30) return errors.at('send-days', t('profiles.validityHint'));
    const body = {
      profileIds,
      recipient: recipient.input.value.trim() || null,
      subject: subject.input.value.trim(),
      validityDays: validity,
      maxDownloads: count.input.value ? Number(count.input.value) : null,
      language: language(),
    };
    try {
      const sent = await post('/api/profiles/send', body);
      box.close();
      await done(sent.length);
    } catch (error) {
      errors.show(error, { fieldIds: { recipient: 'send-recipient', subject: 'send-subject', validityDays: 'send-days',
        maxDownloads: 'send-count', profileIds: 'send-recipient' } });
    }
  });
}

/** ダウンロード履歴 of one profile in a dialog. */
async function history(profile) {
  let downloads;
  try {
    downloads = await get(`/api/profiles/${encodeURIComponent(profile.profileId)}/downloads`);
  } catch (error) {
    flash(error.message);
    return;
  }
  const close = h('button', { type: 'button', class: 'secondary', id: 'history-close', onclick: () => box.close() }, t('common.close'));
  const box = dialog(t('profiles.historyHeading', { name: profile.name }),
    h('div', { id: 'history-list' }, table(t('profiles.history'), [
      { label: t('profiles.downloadedAt'), cell: (item) => formatTime(item.at) },
      { label: t('profiles.sourceIp'), cell: (item) => item.sourceIp || '' },
      { label: t('profiles.userAgent'), cell: (item) => item.userAgent || '' },
      { label: t('profiles.linkIssuedAt'), cell: (item) => formatTime(item.linkIssuedAt) },
    ], downloads)), h('div', { class: 'actions' }, close));
  close.focus();
}
