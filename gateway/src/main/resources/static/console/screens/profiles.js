// ユーザプロフィール設定 (guide 4-4, R-PRO-*): one profile per user and assigned device with its
// status (the six labels of R-PRO-4). The list is searched, filtered, sorted and paged by the
// server (totals from the server too); rows are selected one by one, a page at a time (the header
// box) or all the search found; the selection is sent through the ユーザプロフィールダウンロード通知
// dialog, deleted, or its 接続許可 switched on or off. A long selection runs in batches with
// n / total shown, after a dry run of the whole selection (so a mistake stops it before anything
// happens). ユーザプロフィール一括登録 reads a CSV file of addresses and switches (registrations.js).
import { get, latestOnly, post, put, query } from '../api.js';
import { formatAddress, formatTime, language, t } from '../i18n.js';
import { Errors, badge, clip, confirmDialog, dialog, field, flash, h, pager, selectField, show, table } from '../ui.js';

/** The colour of each status (R-PRO-4) next to its words: to do (amber), waiting (blue), expired (red), ready (green). */
const STATUS_TONES = { MAIL_NOT_SENT: 'warn', WAITING_DOWNLOAD: 'info', WAITING_DOWNLOAD_RESENT: 'info', LINK_EXPIRED: 'bad',
  WAITING_DEVICE_REGISTRATION: 'warn', READY: 'ok' };
import { registrationDialog } from './profile-registrations.js';

const STATUSES = ['MAIL_NOT_SENT', 'WAITING_DOWNLOAD', 'WAITING_DOWNLOAD_RESENT', 'LINK_EXPIRED',
  'WAITING_DEVICE_REGISTRATION', 'READY'];
const PAGE_SIZE = 50;
/** Profiles per request of a bulk action: small enough for the progress to move, large enough to be quick. */
export const BATCH_SIZE = 100;
/** Most profiles the server checks in one dry run. */
const CHECK_SIZE = 1000;

/** Dry runs over the whole selection, a thousand at a time, before anything is changed. */
async function checkAll(ids, call) {
  for (let from = 0; from < ids.length; from += CHECK_SIZE) {
    await call(ids.slice(from, from + CHECK_SIZE));
  }
}

export function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const state = { page: 0, items: [], total: 0, overall: 0, selected: new Set(), busy: false };
  const name = field({ id: 'profiles-filter-name', label: t('profiles.id'), optional: true, hint: t('profiles.searchHint') });
  const status = selectField({ id: 'profiles-filter-status', label: t('profiles.status'),
    options: [['', t('common.all')], ...STATUSES.map((value) => [value, t(`profiles.status.${value}`)])] });
  const connection = selectField({ id: 'profiles-filter-connection', label: t('profiles.connection'),
    options: [['', t('common.all')], ['true', t('common.enabled')], ['false', t('common.disabled')]] });
  const sort = selectField({ id: 'profiles-sort', label: t('profiles.sort'),
    options: [['name', t('profiles.id')], ['status', t('profiles.status')], ['connection', t('profiles.connection')],
      ['updatedAt', t('profiles.updatedAt')]] });
  const direction = selectField({ id: 'profiles-direction', label: t('profiles.direction'),
    options: [['asc', t('profiles.ascending')], ['desc', t('profiles.descending')]] });
  const filterForm = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, name.wrapper, status.wrapper, connection.wrapper, sort.wrapper, direction.wrapper));
  const filterErrors = new Errors(filterForm, 'profiles-error');
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'profiles-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear'))), filterErrors.actionError);
  const actionError = h('p', { class: 'error', id: 'profiles-action-error', role: 'alert' });
  const total = h('p', { id: 'profiles-total' });
  const selectionLine = h('p', { id: 'profiles-selection', 'aria-live': 'polite' });
  const progress = h('div', { id: 'profiles-progress', role: 'status', 'aria-live': 'polite' });
  const listArea = h('div', { id: 'profiles-list' }, t('common.loading'));

  const filter = () => ({ q: name.input.value.trim(), status: status.input.value, connection: connection.input.value,
    sort: sort.input.value, direction: direction.input.value });

  const newest = latestOnly();
  async function reload() {
    const current = newest();
    try {
      const answer = await get(`/api/profiles${query({ ...filter(), page: state.page, size: PAGE_SIZE })}`);
      if (!current()) return; // a later load started meanwhile
      if (answer.items.length === 0 && state.page > 0 && answer.total > 0) {
        state.page = Math.max(0, Math.ceil(answer.total / PAGE_SIZE) - 1);
        return reload();
      }
      state.items = answer.items;
      state.total = answer.total;
      state.overall = answer.overall;
      filterErrors.clear();
      draw();
    } catch (error) {
      if (!current()) return;
      listArea.replaceChildren();
      filterErrors.show(error, { fieldIds: { q: 'profiles-filter-name', status: 'profiles-filter-status',
        connection: 'profiles-filter-connection', sort: 'profiles-sort', direction: 'profiles-direction' } });
    }
    return undefined;
  }

  function drawSelection() {
    if (!canWrite) return;
    selectionLine.replaceChildren(t('profiles.selectedCount', { count: state.selected.size }), ' ',
      state.total > 0 ? h('button', { type: 'button', class: 'link', id: 'profiles-select-all',
        onclick: selectAllFound }, t('profiles.selectAll', { total: state.total })) : null, ' ',
      state.selected.size > 0 ? h('button', { type: 'button', class: 'link', id: 'profiles-select-none',
        onclick: () => { state.selected.clear(); draw(); } }, t('profiles.selectNone')) : null);
  }

  async function selectAllFound() {
    actionError.textContent = '';
    try {
      const answer = await get(`/api/profiles/ids${query(filter())}`);
      answer.ids.forEach((id) => state.selected.add(id));
      draw();
    } catch (error) {
      actionError.textContent = error.message;
    }
  }

  function draw() {
    const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    total.textContent = t('profiles.total', { total: state.overall });
    drawSelection();
    const columns = [];
    if (canWrite) {
      const pageBox = h('input', { type: 'checkbox', id: 'profiles-select-page', 'aria-label': t('profiles.selectPage'),
        checked: state.items.length > 0 && state.items.every((profile) => state.selected.has(profile.profileId)) });
      pageBox.addEventListener('change', () => {
        state.items.forEach((profile) => (pageBox.checked ? state.selected.add(profile.profileId)
          : state.selected.delete(profile.profileId)));
        draw();
      });
      columns.push({ label: h('span', {}, pageBox, ' ', t('profiles.select')), cell: (profile) => {
        const box = h('input', { type: 'checkbox', checked: state.selected.has(profile.profileId),
          'aria-label': `${t('profiles.select')}: ${profile.name}` });
        box.addEventListener('change', () => {
          if (box.checked) state.selected.add(profile.profileId); else state.selected.delete(profile.profileId);
          pageBox.checked = state.items.every((item) => state.selected.has(item.profileId));
          drawSelection();
        });
        return box;
      } });
    }
    columns.push(
      { label: t('profiles.id'), cell: (profile) => clip(profile.name) },
      { label: t('profiles.status'), cell: (profile) => badge(profile.statusLabel, STATUS_TONES[profile.status] || 'info') },
      { label: t('profiles.connection'), cell: connectionCell },
      { label: t('profiles.mail'), cell: (profile) => clip(profile.mail) },
      { label: t('profiles.link'), cell: linkCell },
      { label: t('common.actions'), cell: actions },
    );
    listArea.replaceChildren(table(t('profiles.list'), columns, state.items, { empty: t('profiles.emptyState') }),
      pager(state.page, pages, state.total, (page) => { state.page = page; reload(); }));
  }

  /** 接続許可: the guide shows it as a link that switches it. */
  function connectionCell(profile) {
    const label = t(profile.connectionAllowed ? 'common.enabled' : 'common.disabled');
    const shown = badge(label, profile.connectionAllowed ? 'ok' : 'bad');
    if (!canWrite) return shown;
    const error = h('span', { class: 'error', role: 'alert' });
    return h('span', {}, h('button', { type: 'button', class: 'link',
      'aria-label': `${t('profiles.connection')}: ${profile.name}: ${label}`,
      title: t(profile.connectionAllowed ? 'profiles.disableConnection' : 'profiles.enableConnection'),
      onclick: async () => {
        try {
          await put(`/api/profiles/${encodeURIComponent(profile.profileId)}/connection`, { allowed: !profile.connectionAllowed });
          await reload();
          flash(t(profile.connectionAllowed ? 'profiles.connectionDisabled' : 'profiles.connectionEnabled', { name: profile.name }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      } }, shown), error);
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

  /**
   * Runs a bulk action over the selection in batches, showing n / total; stops at the first
   * failure and says how many were done. The whole selection was checked by a dry run first.
   */
  async function inBatches(ids, label, call) {
    state.busy = true;
    buttons.forEach((button) => { button.disabled = true; });
    const bar = h('progress', { max: String(ids.length), value: '0', 'aria-labelledby': 'profiles-progress-label' });
    const text = h('span', { id: 'profiles-progress-label' }, t('profiles.progress', { label, done: 0, total: ids.length }));
    progress.replaceChildren(bar, ' ', text);
    let done = 0;
    try {
      for (let from = 0; from < ids.length; from += BATCH_SIZE) {
        const batch = ids.slice(from, from + BATCH_SIZE);
        await call(batch);
        done += batch.length;
        bar.value = done;
        text.textContent = t('profiles.progress', { label, done, total: ids.length });
      }
      return true;
    } catch (error) {
      actionError.textContent = done > 0 ? `${t('profiles.partlyDone', { done, total: ids.length })} ${error.message}`
        : error.message;
      return false;
    } finally {
      state.busy = false;
      buttons.forEach((button) => { button.disabled = false; });
      setTimeout(() => { if (!state.busy) progress.replaceChildren(); }, 3000);
    }
  }

  function selectionOrSay() {
    actionError.textContent = '';
    if (state.selected.size === 0) { actionError.textContent = t('profiles.noneSelected'); return null; }
    return [...state.selected];
  }

  async function sendSelected() {
    const ids = selectionOrSay();
    if (!ids) return;
    const shown = state.items.filter((profile) => state.selected.has(profile.profileId));
    sendDialog(ids, shown, async (body) => {
      const ok = await inBatches(ids, t('profiles.selectSend'), (batch) => post('/api/profiles/send', { ...body, profileIds: batch }));
      if (ok) state.selected.clear();
      await reload();
      if (ok) flash(t('profiles.sent', { count: ids.length }));
    });
  }

  async function deleteSelected() {
    const ids = selectionOrSay();
    if (!ids) return;
    if (!await confirmDialog(t('profiles.confirmDelete', { count: ids.length }))) return;
    try {
      await checkAll(ids, (part) => post('/api/profiles/delete?dryRun=true', { profileIds: part }));
    } catch (error) {
      actionError.textContent = error.message;
      return;
    }
    const ok = await inBatches(ids, t('profiles.selectDelete'), (batch) => post('/api/profiles/delete', { profileIds: batch }));
    if (ok) state.selected.clear();
    await reload();
    if (ok) flash(t('profiles.deleted', { count: ids.length }));
  }

  async function switchSelected(allowed) {
    const ids = selectionOrSay();
    if (!ids) return;
    const label = t(allowed ? 'profiles.enableSelected' : 'profiles.disableSelected');
    if (!await confirmDialog(t(allowed ? 'profiles.confirmEnable' : 'profiles.confirmDisable', { count: ids.length }))) return;
    try {
      await checkAll(ids, (part) => put('/api/profiles/connection?dryRun=true', { profileIds: part, allowed }));
    } catch (error) {
      actionError.textContent = error.message;
      return;
    }
    let changed = 0;
    const ok = await inBatches(ids, label, async (batch) => {
      const answer = await put('/api/profiles/connection', { profileIds: batch, allowed });
      changed += answer.changed;
    });
    await reload();
    if (ok) flash(t('profiles.connectionSwitched', { count: ids.length, changed }));
  }

  const buttons = canWrite ? [
    h('button', { type: 'button', class: 'primary', id: 'profiles-send', onclick: sendSelected }, t('profiles.selectSend')),
    h('button', { type: 'button', class: 'secondary', id: 'profiles-delete', onclick: deleteSelected }, t('profiles.selectDelete')),
    h('button', { type: 'button', class: 'secondary', id: 'profiles-enable', onclick: () => switchSelected(true) },
      t('profiles.enableSelected')),
    h('button', { type: 'button', class: 'secondary', id: 'profiles-disable', onclick: () => switchSelected(false) },
      t('profiles.disableSelected')),
  ] : [];

  filterForm.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; reload(); });
  filterForm.addEventListener('reset', () => setTimeout(() => { state.page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('profiles.heading')), h('p', { class: 'hint' }, t('profiles.intro')),
    filterForm,
    h('div', { class: 'actions' }, total,
      canWrite ? h('button', { type: 'button', class: 'link', id: 'profiles-register',
        onclick: () => registrationDialog(reload) }, `⊕ ${t('profiles.register')}`) : null),
    canWrite ? h('div', { class: 'actions' }, ...buttons) : null,
    selectionLine, progress, actionError, listArea));
  reload();
}

/** ユーザプロフィールダウンロード通知: address, subject, validity 1–30 days, count 1–5 or unlimited. */
function sendDialog(profileIds, profiles, done) {
  const single = profileIds.length === 1 && profiles.length === 1;
  const recipient = field({ id: 'send-recipient', label: t('profiles.recipient'), type: 'email', required: single,
    optional: !single, value: single ? (profiles[0].mail || profiles[0].link?.recipient || '') : '',
    hint: single ? null : t('profiles.recipientHint') });
  const subject = field({ id: 'send-subject', label: t('profiles.subject'), required: true, value: t('profiles.defaultSubject') });
  const days = field({ id: 'send-days', label: t('profiles.validityDays'), type: 'number', required: true, min: '1', max: '30',
    value: '7', hint: t('profiles.validityHint') });
  const count = selectField({ id: 'send-count', label: t('profiles.maxDownloads'), required: true,
    options: [['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'], ['', t('profiles.unlimited')]], value: '1',
    hint: t('profiles.maxDownloadsHint') });
  const form = h('form', { novalidate: true },
    h('p', {}, t('profiles.sendIntro')),
    h('p', { id: 'send-count-line' }, t('profiles.sendCount', { count: profileIds.length })),
    h('ul', { id: 'send-profiles' }, profiles.slice(0, 20).map((profile) => h('li', {}, profile.name)),
      profileIds.length > Math.min(20, profiles.length) ? h('li', {}, t('profiles.andMore',
        { count: profileIds.length - Math.min(20, profiles.length) })) : null),
    recipient.wrapper, subject.wrapper, days.wrapper, count.wrapper);
  const errors = new Errors(form, 'send-error');
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'send-submit' }, t('profiles.sendSubmit')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  const box = dialog(t('profiles.sendHeading'), form);
  recipient.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    // the range and the other fields are checked by the server, all at once; only a value that is
    // no whole number at all (which the request could not carry) is refused here
    const validity = days.input.value.trim() === '' ? null : Number(days.input.value);
    if (validity !== null && !Number.isInteger(validity)) return errors.at('send-days', t('profiles.validityHint'));
    const body = {
      recipient: recipient.input.value.trim() || null,
      subject: subject.input.value.trim(),
      validityDays: validity,
      maxDownloads: count.input.value ? Number(count.input.value) : null,
      language: language(),
    };
    try {
      // the whole selection checked at once (addresses, unknown profiles); nothing is sent yet
      await checkAll(profileIds, (part) => post('/api/profiles/send?dryRun=true', { ...body, profileIds: part }));
    } catch (error) {
      errors.show(error, { fieldIds: { recipient: 'send-recipient', subject: 'send-subject', validityDays: 'send-days',
        maxDownloads: 'send-count', profileIds: 'send-recipient' } });
      return;
    }
    box.close();
    await done(body);
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
      { label: t('profiles.sourceIp'), cell: (item) => formatAddress(item.sourceIp) },
      { label: t('profiles.userAgent'), cell: (item) => item.userAgent || '' },
      { label: t('profiles.linkIssuedAt'), cell: (item) => formatTime(item.linkIssuedAt) },
    ], downloads)), h('div', { class: 'actions' }, close));
  close.focus();
}
