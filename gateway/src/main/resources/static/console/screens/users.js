// ユーザ設定 (guide 4-1, R-USR-1…3): the VPN users searched, filtered (source, state, directory),
// sorted and paged by the server, users vanished from the directory marked as such; selection per
// page or of every match, with bulk enable / disable / delete; each user enabled or disabled and
// given a validity period; ディレクトリ情報の更新 re-reads the directory and offers to remove, in one
// step, the users it no longer has; ユーザ追加 opens the two-list picker (追加可能ユーザ → 追加するユーザ,
// one, the page or every match); CSV template, export and import with a dry run listing every bad
// row first (UTF-8 or CP932) and the export in either; removal with confirmation. A LOCAL tenant also
// keeps its own users here (ローカルユーザ: create with a password, reset it, delete, CSV in and out).
import { del, get, latestOnly, post, postText, put, query, writeChecked } from '../api.js';
import { formatTime, instantOfZoned, t, zonedInput } from '../i18n.js';
import { Errors, badge, clip, confirmDialog, dialog, field, flash, h, pager, selectField, show, table } from '../ui.js';
import { lastSeenColumns, lastSeenOf } from './last-seen.js';

const PAGE_SIZE = 50;
const AVAILABLE_SIZE = 100;
const LOCAL_PAGE_SIZE = 50;
const BULK_PART = 500;

export async function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  // selection: the ids ticked (kept across pages), or every user matching the filter (allMatching)
  const state = { page: 0, total: 0, items: [], selected: new Map(), allMatching: false, filter: {} };
  const search = field({ id: 'users-filter', label: t('users.search'), optional: true, hint: t('users.searchHint') });
  const source = selectField({ id: 'users-filter-source', label: t('users.source'), options: [['', t('common.all')],
    ['ACTIVE_DIRECTORY', t('settings.authType.ACTIVE_DIRECTORY')], ['ENTRA_ID', t('settings.authType.ENTRA_ID')],
    ['LOCAL', t('settings.authType.LOCAL')]] });
  const enabled = selectField({ id: 'users-filter-enabled', label: t('users.state'), options: [['', t('common.all')],
    ['true', t('users.enabled')], ['false', t('users.disabled')]] });
  const inDirectory = selectField({ id: 'users-filter-directory', label: t('users.inDirectory'), options: [['', t('common.all')],
    ['true', t('users.present')], ['false', t('users.vanished')]] });
  const sort = selectField({ id: 'users-sort', label: t('users.sort'), options: [['userName', t('users.userName')],
    ['displayName', t('users.displayName')], ['mail', t('users.mail')], ['source', t('users.source')],
    ['addedAt', t('users.addedAt')], ['enabled', t('users.state')], ['inDirectory', t('users.inDirectory')]] });
  const direction = selectField({ id: 'users-direction', label: t('users.direction'), options: [['asc', t('users.ascending')],
    ['desc', t('users.descending')]] });
  const encoding = selectField({ id: 'users-export-encoding', label: t('users.csvEncoding'), options: [['utf-8', 'UTF-8'],
    ['cp932', 'Shift_JIS (CP932)']] });
  const exportLink = h('a', { id: 'users-export', class: 'secondary', href: '/api/vpn-users/export.csv', download: 'vpn-users.csv' }, t('users.export'));
  encoding.input.addEventListener('change', () => { exportLink.href = `/api/vpn-users/export.csv${query({ encoding: encoding.input.value })}`; });
  const filterForm = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, search.wrapper, source.wrapper, enabled.wrapper, inDirectory.wrapper, sort.wrapper, direction.wrapper));
  const filterErrors = new Errors(filterForm, 'users-error');
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'users-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear'))),
  h('div', { class: 'inline-form' }, encoding.wrapper, h('div', { class: 'actions' }, exportLink)),
  filterErrors.actionError);
  [source, enabled, inDirectory, sort, direction].forEach((select) => select.input.addEventListener('change', () => apply()));
  const total = h('p', { id: 'users-total' });
  const listArea = h('div', { id: 'users-list' }, t('common.loading'));
  const authNote = h('div', { id: 'users-auth-note' });
  const localArea = h('div', { id: 'local-users-area' });
  const selection = h('p', { id: 'users-selection', 'aria-live': 'polite' });
  const bulkError = h('p', { class: 'error', id: 'users-bulk-error', role: 'alert' });
  const selectAll = h('button', { type: 'button', class: 'secondary', id: 'users-select-all', onclick: () => {
    state.allMatching = true; state.selected.clear(); draw();
  } });
  const clearSelection = h('button', { type: 'button', class: 'secondary', id: 'users-select-none', onclick: () => {
    state.allMatching = false; state.selected.clear(); draw();
  } }, t('users.selectNone'));
  const bulkButton = (id, action, text) => h('button', { type: 'button', class: 'secondary', id, onclick: () => bulk(action) }, text);
  const bulkBar = h('div', { class: 'actions', id: 'users-bulk' }, selectAll, clearSelection,
    bulkButton('users-bulk-enable', 'ENABLE', t('users.enable')),
    bulkButton('users-bulk-disable', 'DISABLE', t('users.disable')),
    bulkButton('users-bulk-delete', 'DELETE', t('users.remove')));
  const refreshArea = h('div', { id: 'users-refresh-report', 'aria-live': 'polite' });

  function apply() {
    state.page = 0;
    state.allMatching = false;
    state.selected.clear();
    reload();
  }
  function currentFilter() {
    return { query: search.input.value.trim(), source: source.input.value, enabled: enabled.input.value,
      inDirectory: inDirectory.input.value };
  }

  const newest = latestOnly();
  async function reload() {
    const current = newest();
    try {
      state.filter = currentFilter();
      const answer = await get(`/api/vpn-users${query({ ...state.filter, sort: sort.input.value,
        direction: direction.input.value, page: state.page, size: PAGE_SIZE })}`);
      if (!current()) return; // a later load started meanwhile
      filterErrors.clear();
      state.items = answer.items;
      state.total = answer.total;
      state.size = answer.size;
      state.seen = await lastSeenOf('users', answer.items.map((user) => user.userId));
      if (!current()) return; // a later load started meanwhile
      draw();
    } catch (error) {
      if (!current()) return;
      listArea.replaceChildren();
      filterErrors.show(error, { fieldIds: { query: 'users-filter', source: 'users-filter-source',
        enabled: 'users-filter-enabled', inDirectory: 'users-filter-directory', sort: 'users-sort', direction: 'users-direction' } });
    }
  }

  function draw() {
    total.textContent = t('users.total', { total: state.total });
    const columns = [];
    if (canWrite) {
      const pageBox = h('input', { type: 'checkbox', id: 'users-select-page', 'aria-label': t('users.selectPage'),
        checked: state.items.length > 0 && (state.allMatching || state.items.every((user) => state.selected.has(user.userId))),
        onchange: (event) => {
          state.allMatching = false;
          state.items.forEach((user) => (event.target.checked ? state.selected.set(user.userId, user) : state.selected.delete(user.userId)));
          draw();
        } });
      columns.push({ label: pageBox, cell: (user) => h('input', { type: 'checkbox', 'aria-label': `${t('users.select')}: ${user.userName}`,
        checked: state.allMatching || state.selected.has(user.userId), disabled: state.allMatching,
        onchange: (event) => {
          if (event.target.checked) state.selected.set(user.userId, user); else state.selected.delete(user.userId);
          draw();
        } }) });
    }
    columns.push(
      { label: t('users.userName'), cell: (user) => user.userName },
      { label: t('users.displayName'), cell: (user) => user.displayName || '' },
      { label: t('users.mail'), cell: (user) => clip(user.mail) },
      { label: t('users.source'), cell: (user) => t(`settings.authType.${user.source}`) },
      { label: t('users.addedAt'), cell: (user) => formatTime(user.addedAt) },
      { label: t('users.state'), cell: (user) => (user.enabled === false ? badge(t('users.disabled'), 'bad') : badge(t('users.enabled'), 'ok')) },
      { label: t('users.validity'), cell: validityText },
      { label: t('users.inDirectory'), cell: directoryState },
      ...lastSeenColumns(state.seen || {}, (user) => user.userId, 'user'),
    );
    if (canWrite) columns.push({ label: t('common.actions'), cell: rowActions });
    const count = state.allMatching ? state.total : state.selected.size;
    selection.textContent = t('users.selectedCount', { count });
    selectAll.textContent = t('users.selectAll', { total: state.total });
    selectAll.hidden = state.allMatching || state.total === 0;
    bulkBar.querySelectorAll('#users-bulk-enable, #users-bulk-disable, #users-bulk-delete, #users-select-none')
      .forEach((button) => { button.disabled = count === 0; });
    listArea.replaceChildren(table(t('users.list'), columns, state.items, { empty: t('users.emptyState') }),
      pager(state.page, Math.ceil(state.total / (state.size || PAGE_SIZE)), state.total, (page) => { state.page = page; reload(); }));
  }

  function validityText(user) {
    if (!user.validFrom && !user.validUntil) return h('span', { class: 'hint' }, t('users.validityNone'));
    return `${user.validFrom ? formatTime(user.validFrom) : ''} ～ ${user.validUntil ? formatTime(user.validUntil) : ''}`;
  }

  function directoryState(user) {
    if (user.inDirectory === false) return h('span', { class: 'warning' }, t('users.vanished'));
    if (user.inDirectory === null || user.inDirectory === undefined) return h('span', { class: 'hint' }, t('users.unknown'));
    return t('users.present');
  }

  function rowActions(user) {
    const error = h('p', { class: 'error', role: 'alert' });
    const toggle = h('button', { type: 'button', class: 'secondary',
      'aria-label': `${user.enabled === false ? t('users.enable') : t('users.disable')}: ${user.userName}`,
      onclick: async () => {
        try {
          await put(`/api/vpn-users/${encodeURIComponent(user.userId)}/enabled`, { enabled: user.enabled === false });
          await reload();
          flash(t(user.enabled === false ? 'users.enabledOne' : 'users.disabledOne', { name: user.userName }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      } }, user.enabled === false ? t('users.enable') : t('users.disable'));
    const period = h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('users.validity')}: ${user.userName}`,
      onclick: () => validityDialog(user, reload) }, t('users.validity'));
    const remove = h('button', {
      type: 'button', class: 'secondary', 'aria-label': `${t('users.remove')}: ${user.userName}`,
      onclick: async () => {
        if (!await confirmDialog(t('users.confirmRemove', { name: user.userName }))) return;
        try {
          await del(`/api/vpn-users/${encodeURIComponent(user.userId)}?confirm=true`);
          state.selected.delete(user.userId);
          await reload();
          flash(t('users.removed', { name: user.userName }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      },
    }, t('users.remove'));
    return h('div', {}, h('div', { class: 'actions' }, toggle, period, remove), error);
  }

  /** ENABLE, DISABLE or DELETE on the ticked users, or on every user matching the filter. */
  async function bulk(action, userIds) {
    bulkError.textContent = '';
    const ids = userIds || [...state.selected.keys()];
    const all = !userIds && state.allMatching;
    const count = all ? state.total : ids.length;
    if (count === 0) return;
    if (action === 'DELETE' && !await confirmDialog(t('users.confirmBulkRemove', { count }))) return;
    const body = all ? { action, all: true, ...state.filter, confirm: action === 'DELETE' }
      : { action, userIds: ids, confirm: action === 'DELETE' };
    selection.textContent = t('users.working', { count });
    bulkBar.querySelectorAll('button').forEach((button) => { button.disabled = true; });
    // a long selection goes in parts of BULK_PART users, with the progress shown after each
    const parts = all ? [body] : [];
    for (let from = 0; !all && from < ids.length; from += BULK_PART) parts.push({ ...body, userIds: ids.slice(from, from + BULK_PART) });
    let done = 0;
    let changed = 0;
    try {
      for (const part of parts) {
        const answer = await post('/api/vpn-users/bulk', part);
        done += answer.selected;
        changed += answer.changed;
        if (parts.length > 1) selection.textContent = t('users.progress', { done, count });
      }
      state.allMatching = false;
      state.selected.clear();
      state.page = 0;
      await reload();
      flash(t(`users.bulkDone.${action}`, { count: changed }));
      return { changed };
    } catch (problem) {
      bulkError.textContent = done > 0 ? `${t('users.progress', { done, count })} ${problem.message}` : problem.message;
      if (done > 0) { state.selected.clear(); state.allMatching = false; await reload(); } else draw();
      return null;
    }
  }

  /** ディレクトリ情報の更新: names and mail addresses now, the users the directory no longer has listed for removal. */
  async function refresh() {
    refreshArea.replaceChildren(h('p', {}, t('users.refreshing')));
    try {
      const report = await post('/api/vpn-users/refresh', {});
      const parts = [h('p', { id: 'users-refresh-summary' }, t('users.refreshed', { checked: report.checked, updated: report.updated,
        missing: report.missing.length }))];
      if (!report.complete) parts.push(h('p', { class: 'hint' }, t('users.refreshIncomplete')));
      if (report.missing.length > 0) {
        parts.push(table(t('users.missingList'), [
          { label: t('users.userName'), cell: (user) => user.userName },
          { label: t('users.displayName'), cell: (user) => user.displayName || '' },
        ], report.missing));
        if (canWrite) {
          parts.push(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'users-remove-missing',
            onclick: async () => {
              const done = await bulk('DELETE', report.missing.map((user) => user.userId));
              if (done) refreshArea.replaceChildren();
            } }, t('users.removeMissing', { count: report.missing.length }))));
        }
      }
      refreshArea.replaceChildren(h('div', { class: 'card' }, ...parts));
      await reload();
    } catch (problem) {
      refreshArea.replaceChildren(h('p', { class: 'error', role: 'alert', id: 'users-refresh-error' }, problem.message));
    }
  }

  filterForm.addEventListener('submit', (event) => { event.preventDefault(); apply(); });
  filterForm.addEventListener('reset', () => setTimeout(() => apply()));
  show(h('section', {}, h('h1', {}, t('users.heading')), h('p', { class: 'hint' }, t('users.intro')), authNote,
    h('div', { class: 'actions' },
      canWrite ? h('button', { type: 'button', class: 'primary', id: 'users-add', onclick: () => addDialog(reload) }, t('users.add')) : null,
      canWrite ? h('button', { type: 'button', class: 'secondary', id: 'users-refresh', onclick: refresh }, t('users.refresh')) : null),
    refreshArea, filterForm, total, canWrite ? h('div', { class: 'card' }, selection, bulkBar, bulkError) : null, listArea,
    canWrite ? csvImport(reload, VPN_CSV) : null, localArea));
  reload();

  try {
    const settings = await get('/api/settings');
    if (settings.authType === 'UNSELECTED') {
      authNote.replaceChildren(h('p', { class: 'important', id: 'users-no-directory' }, t('users.noDirectory'), ' ',
        h('a', { href: '#/settings' }, t('nav.settings'))));
    }
    if (settings.authType === 'LOCAL') localArea.replaceChildren(localUsers(canWrite, reload));
  } catch (error) {
    authNote.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

/** 有効期間: from and until (either may be empty); until is exclusive. Times in the tenant's time zone. */
function validityDialog(user, reload) {
  const local = zonedInput;
  const from = field({ id: 'users-valid-from', label: t('users.validFrom'), type: 'datetime-local', optional: true, value: local(user.validFrom) });
  const until = field({ id: 'users-valid-until', label: t('users.validUntil'), type: 'datetime-local', optional: true, value: local(user.validUntil),
    hint: t('users.validityHint') });
  const form = h('form', { novalidate: true }, h('div', { class: 'inline-form' }, from.wrapper, until.wrapper));
  const errors = new Errors(form, 'users-validity-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'users-validity-submit' }, t('common.set')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  const box = dialog(t('users.validityHeading', { name: user.userName }), form);
  from.input.focus();
  const instant = instantOfZoned;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      await put(`/api/vpn-users/${encodeURIComponent(user.userId)}/validity`,
        { validFrom: instant(from.input.value), validUntil: instant(until.input.value) });
      box.close();
      await reload();
      flash(t('users.validitySet', { name: user.userName }));
    } catch (error) {
      errors.show(error, { fieldIds: { validFrom: 'users-valid-from', validUntil: 'users-valid-until' } });
    }
  });
}

/**
 * ユーザ追加: the directory's users not yet added (search, pages) → the users to add. › moves the
 * chosen ones, » the whole page; 検索結果をすべて追加 adds every match of the search at once.
 */
function addDialog(reload) {
  const chosen = new Map();
  const state = { page: 0, total: 0, items: [] };
  const filter = field({ id: 'add-filter', label: t('users.search'), optional: true, hint: t('users.searchHint') });
  const availableList = h('select', { id: 'add-available', multiple: true, size: '12', 'aria-describedby': 'add-available-hint' });
  const addList = h('select', { id: 'add-chosen', multiple: true, size: '12', 'aria-describedby': 'add-count' });
  const count = h('p', { class: 'hint', id: 'add-count', 'aria-live': 'polite' });
  const listError = h('p', { class: 'error', id: 'add-filter-error', role: 'alert' });
  const pageLine = h('div', { class: 'pager', id: 'add-pager' });
  const noResults = h('p', { class: 'hint', id: 'add-no-results', hidden: true }, t('users.noResults'));

  const label = (user) => `${user.userName}${user.displayName ? ` — ${user.displayName}` : ''}${user.enabled === false ? ` (${t('users.disabledAccount')})` : ''}`;
  const option = (user) => h('option', { value: user.userName }, label(user));
  function redraw() {
    // the server offers neither disabled accounts nor the built-in Administrator; kept out here too
    availableList.replaceChildren(...state.items.filter((user) => !chosen.has(user.userName) && user.enabled !== false)
      .map(option));
    noResults.hidden = state.total > 0;
    addList.replaceChildren(...[...chosen.values()].map(option));
    count.textContent = t('users.chosenCount', { count: chosen.size });
    const pages = Math.max(1, Math.ceil(state.total / AVAILABLE_SIZE));
    pageLine.replaceChildren(
      h('button', { type: 'button', class: 'secondary', disabled: state.page <= 0, onclick: () => load(state.page - 1) }, t('common.prev')),
      h('span', {}, t('common.page', { page: state.page + 1, pages, total: state.total })),
      h('button', { type: 'button', class: 'secondary', disabled: state.page + 1 >= pages, onclick: () => load(state.page + 1) },
        t('common.next')));
    allMatching.hidden = state.total === 0;
    allMatching.textContent = t('users.addAllMatching', { total: state.total });
  }
  async function load(page) {
    errors.clear();
    try {
      const answer = await get(`/api/vpn-users/available${query({ query: filter.input.value.trim(), page, size: AVAILABLE_SIZE })}`);
      state.page = answer.page;
      state.total = answer.total;
      state.items = answer.items;
      listError.textContent = '';
    } catch (error) {
      state.items = [];
      state.total = 0;
      listError.textContent = error.message;
    }
    redraw();
  }
  const move = (from, all) => {
    const picked = [...from.options].filter((item) => all || item.selected).map((item) => item.value);
    if (from === availableList) picked.forEach((name) => chosen.set(name, state.items.find((user) => user.userName === name)));
    else picked.forEach((name) => chosen.delete(name));
    // "choose users first" and other refusals no longer apply once the choice changes
    errors.clear();
    redraw();
  };

  const button = (id, text, aria, onclick) => h('button', { type: 'button', class: 'secondary', id, 'aria-label': aria, onclick }, text);
  const allMatching = h('button', { type: 'button', class: 'secondary', id: 'add-all-matching', hidden: true,
    onclick: async () => {
      const text = filter.input.value.trim();
      if (!await confirmDialog(t('users.confirmAddAll', { total: state.total }))) return;
      await submit({ all: true, query: text || null });
    } });
  const form = h('form', { novalidate: true },
    h('p', { class: 'hint' }, t('users.addIntro')),
    h('div', { class: 'inline-form' }, filter.wrapper,
      h('button', { type: 'button', class: 'secondary', id: 'add-search', onclick: () => load(0) }, t('common.search'))),
    listError,
    h('div', { class: 'picker' },
      h('div', { class: 'field' }, h('label', { for: 'add-available' }, t('users.available')), availableList, noResults,
        h('p', { class: 'hint', id: 'add-available-hint' }, t('users.availableHint')), pageLine),
      h('div', { class: 'picker-buttons' },
        button('add-one', '›', t('users.moveOne'), () => move(availableList, false)),
        button('add-page', '»', t('users.moveAll'), () => move(availableList, true)),
        button('add-back', '‹', t('users.moveBack'), () => move(addList, false)),
        button('add-back-all', '«', t('users.moveBackAll'), () => move(addList, true))),
      h('div', { class: 'field' }, h('label', { for: 'add-chosen' }, t('users.toAdd')), addList, count)),
    h('div', { class: 'actions' }, allMatching));
  const errors = new Errors(form, 'add-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'add-submit' }, t('common.set')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  [availableList, addList].forEach((list) => list.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); move(list, false); }
  }));
  filter.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); load(0); }
  });
  const box = dialog(t('users.add'), form);
  filter.input.focus();
  load(0);

  async function submit(body) {
    errors.clear();
    try {
      const added = await post('/api/vpn-users', body);
      box.close();
      await reload();
      flash(t('users.added', { count: added.length }));
    } catch (error) {
      errors.show(error); // directory-users-not-found names the users in its message
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (chosen.size === 0) { errors.clear(); errors.actionError.textContent = t('users.noneChosen'); return; }
    submit({ userNames: [...chosen.keys()] });
  });
}

const VPN_CSV = { base: '/api/vpn-users', prefix: 'users-csv', hint: 'users.csvHint', template: 'vpn-users-template.csv' };
const LOCAL_CSV = { base: '/api/local-users', prefix: 'local-csv', hint: 'local.csvHint', template: 'local-users-template.csv' };

/**
 * CSV import (R-USR-2; also the LOCAL users'): choose a file, the dry run lists every bad row with
 * its line and names the encoding it read (UTF-8 or Shift_JIS/CP932: the file's bytes go as they are),
 * then import all or nothing.
 */
function csvImport(reload, { base, prefix, hint, template }) {
  const input = h('input', { type: 'file', id: `${prefix}-file`, accept: '.csv,text/csv', 'aria-describedby': `${prefix}-hint ${prefix}-error` });
  const error = h('p', { class: 'error', id: `${prefix}-error`, role: 'alert' });
  const preview = h('div', { id: `${prefix}-preview`, 'aria-live': 'polite' });
  let bytes = null;
  const showErrors = (rows) => {
    if (!Array.isArray(rows) || rows.length === 0) return;
    preview.append(table(t('users.csvErrors'), [
      { label: t('users.csvLine'), cell: (row) => String(row.line ?? '') },
      { label: t('users.userName'), cell: (row) => row.userName || '' },
      { label: t('users.csvMessage'), cell: (row) => row.message || row.reason },
    ], rows));
  };
  const importButton = h('button', { type: 'button', class: 'primary', id: `${prefix}-import`, disabled: true,
    onclick: async () => {
      error.textContent = '';
      try {
        const answer = await postText(`${base}/import?dryRun=false`, bytes, 'text/csv');
        preview.replaceChildren();
        importButton.disabled = true;
        input.value = '';
        await reload();
        flash(t('users.csvImported', { added: answer.added }));
      } catch (problem) {
        preview.replaceChildren();
        showErrors(problem.problem?.errors);
        error.textContent = problem.message;
      }
    } }, t('users.csvImport'));
  const check = h('button', { type: 'button', class: 'secondary', id: `${prefix}-check`,
    onclick: async () => {
      error.textContent = '';
      preview.replaceChildren();
      importButton.disabled = true;
      const file = input.files[0];
      if (!file) { error.textContent = t('users.csvChoose'); input.focus(); return; }
      bytes = await file.arrayBuffer();
      try {
        const answer = await postText(`${base}/import?dryRun=true`, bytes, 'text/csv');
        preview.append(h('p', { id: `${prefix}-summary` }, t('users.csvSummary', { rows: answer.rows, valid: answer.valid,
          errors: answer.errors.length }), ' ', t('users.csvUnchanged', { unchanged: answer.unchanged || 0 })),
        h('p', { id: `${prefix}-encoding` }, t('users.csvEncodingRead', { encoding: answer.encodingLabel })));
        showErrors(answer.errors);
        importButton.disabled = answer.errors.length > 0 || answer.rows === 0;
      } catch (problem) {
        error.textContent = problem.message;
      }
    } }, t('users.csvCheck'));
  const encoding = selectField({ id: `${prefix}-export-encoding`, label: t('users.csvEncoding'), options: [['utf-8', 'UTF-8'],
    ['cp932', 'Shift_JIS (CP932)']] });
  const exportLink = h('a', { id: `${prefix}-export`, class: 'secondary', href: `${base}/export.csv`,
    download: `${base.substring(5)}.csv` }, t('users.export'));
  encoding.input.addEventListener('change', () => { exportLink.href = `${base}/export.csv${query({ encoding: encoding.input.value })}`; });
  return h('section', { class: 'card', 'aria-labelledby': `${prefix}-heading` },
    h('h2', { id: `${prefix}-heading` }, t(prefix === 'users-csv' ? 'users.csvHeading' : 'local.csvHeading')),
    h('div', { class: 'field' }, h('label', { for: `${prefix}-file` }, t('users.csvFile')), input,
      h('p', { class: 'hint', id: `${prefix}-hint` }, t(hint), ' ',
        h('a', { href: `${base}/template.csv`, download: template, id: `${prefix}-template` },
          t('users.csvTemplate')))),
    h('div', { class: 'actions' }, check, importButton), error, preview,
    prefix === 'users-csv' ? null : h('div', { class: 'inline-form' }, encoding.wrapper, h('div', { class: 'actions' }, exportLink)));
}

/** ローカルユーザ: the LOCAL tenant's own directory, searched and paged by the server. */
function localUsers(canWrite, reloadVpnUsers) {
  const state = { page: 0 };
  const filter = h('input', { id: 'local-filter', type: 'search', 'aria-label': t('local.filter') });
  const listError = h('p', { class: 'error', id: 'local-list-error', role: 'alert' });
  const listArea = h('div', { id: 'local-list' }, t('common.loading'));
  let typing;
  filter.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => { state.page = 0; reload(); }, 300); });

  async function reload() {
    try {
      const answer = await get(`/api/local-users/page${query({ query: filter.value.trim(), page: state.page, size: LOCAL_PAGE_SIZE })}`);
      listError.textContent = '';
      draw(answer);
    } catch (error) {
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }
  function draw(answer) {
    const columns = [
      { label: t('users.userName'), cell: (user) => user.userName },
      { label: t('users.displayName'), cell: (user) => user.displayName || '' },
      { label: t('users.mail'), cell: (user) => user.mail || '' },
      { label: t('local.createdAt'), cell: (user) => formatTime(user.createdAt) },
      { label: t('local.passwordChangedAt'), cell: (user) => formatTime(user.passwordChangedAt) },
    ];
    if (canWrite) columns.push({ label: t('common.actions'), cell: actions });
    listArea.replaceChildren(table(t('local.list'), columns, answer.items),
      pager(answer.page, Math.ceil(answer.total / answer.size), answer.total, (page) => { state.page = page; reload(); }));
  }
  function actions(user) {
    const error = h('p', { class: 'error', role: 'alert' });
    return h('div', {}, h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('local.resetPassword')}: ${user.userName}`,
        onclick: () => passwordDialog(user) }, t('local.resetPassword')),
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('local.remove')}: ${user.userName}`,
        onclick: async () => {
          if (!await confirmDialog(t('local.confirmRemove', { name: user.userName }))) return;
          try {
            await del(`/api/local-users/${encodeURIComponent(user.userId)}`);
            await reload();
            await reloadVpnUsers();
            flash(t('local.removed', { name: user.userName }));
          } catch (problem) {
            error.textContent = problem.message;
          }
        } }, t('local.remove'))), error);
  }

  function passwordDialog(user) {
    const password = field({ id: 'local-reset-password', label: t('local.password'), type: 'password', required: true,
      autocomplete: 'new-password', hint: t('local.passwordHint') });
    const form = h('form', { novalidate: true }, password.wrapper);
    const errors = new Errors(form, 'local-reset-error');
    form.append(h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', id: 'local-reset-submit' }, t('common.set')),
      h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
    const box = dialog(t('local.resetHeading', { name: user.userName }), form);
    password.input.focus();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      errors.clear();
      try {
        await post(`/api/local-users/${encodeURIComponent(user.userId)}/password`, { password: password.input.value });
        box.close();
        await reload();
        flash(t('local.passwordReset', { name: user.userName }));
      } catch (error) {
        errors.show(error, { fieldIds: { password: 'local-reset-password' } });
      }
    });
  }

  const section = h('section', { class: 'card', 'aria-labelledby': 'local-heading' },
    h('h2', { id: 'local-heading' }, t('local.heading')), h('p', { class: 'hint' }, t('local.intro')));
  if (canWrite) section.append(createForm(reload));
  section.append(h('div', { class: 'field' }, h('label', { for: 'local-filter' }, t('local.filter')), filter), listError, listArea);
  if (canWrite) section.append(csvImport(async () => { await reload(); await reloadVpnUsers(); }, LOCAL_CSV));
  reload();
  return section;
}

function createForm(reload) {
  const name = field({ id: 'local-name', label: t('users.userName'), required: true, hint: t('local.nameHint') });
  const display = field({ id: 'local-display', label: t('users.displayName'), optional: true });
  const mail = field({ id: 'local-mail', label: t('users.mail'), type: 'email', optional: true });
  const password = field({ id: 'local-password', label: t('local.password'), type: 'password', required: true,
    autocomplete: 'new-password', hint: t('local.passwordHint') });
  const form = h('form', { novalidate: true, id: 'local-create' }, h('h3', {}, t('local.create')),
    h('div', { class: 'inline-form' }, name.wrapper, display.wrapper, mail.wrapper, password.wrapper));
  const errors = new Errors(form, 'local-create-error');
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'local-submit' }, t('local.create'))),
    errors.actionError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[name.input, t('users.userName')], [password.input, t('local.password')]])) return;
    try {
      const userName = name.input.value.trim();
      // a create the gateway stopped waiting for may have been done: the list by name tells
      const created = await writeChecked(() => post('/api/local-users', { userName,
        displayName: display.input.value.trim() || null, mail: mail.input.value.trim() || null, password: password.input.value }),
      async () => (await get(`/api/local-users/page${query({ query: userName, page: 0, size: 50 })}`)).items
        .find((user) => user.userName === userName));
      form.reset();
      await reload();
      flash(t('local.created', { name: created.userName }));
    } catch (error) {
      errors.show(error, { fieldIds: { userName: 'local-name', displayName: 'local-display', mail: 'local-mail',
        password: 'local-password' } });
    }
  });
  return form;
}
