// ユーザ設定 (guide 4-1, R-USR-1…3): the VPN users with search and pages, users vanished from the
// directory marked as such; ユーザ追加 opens the two-list picker (追加可能ユーザ → 追加するユーザ,
// one, the page or every match); CSV template, export and import with a dry run listing every bad
// row first; removal with confirmation. A LOCAL tenant also keeps its own users here (ローカルユーザ:
// create with a password, reset it, delete).
import { del, get, post, postText, query } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { Errors, confirmDialog, dialog, field, flash, h, pager, show, table } from '../ui.js';
import { lastSeenColumns, lastSeenOf } from './last-seen.js';

const PAGE_SIZE = 50;
const AVAILABLE_SIZE = 100;
const LOCAL_PAGE_SIZE = 50;

export async function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const state = { page: 0 };
  const search = field({ id: 'users-filter', label: t('users.search'), optional: true, hint: t('users.searchHint') });
  const filterForm = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, search.wrapper));
  const filterErrors = new Errors(filterForm, 'users-error');
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'users-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear')),
    h('a', { id: 'users-export', class: 'secondary', href: '/api/vpn-users/export.csv', download: 'vpn-users.csv' }, t('users.export'))),
  filterErrors.actionError);
  const total = h('p', { id: 'users-total' });
  const listArea = h('div', { id: 'users-list' }, t('common.loading'));
  const authNote = h('div', { id: 'users-auth-note' });
  const localArea = h('div', { id: 'local-users-area' });

  async function reload() {
    try {
      const answer = await get(`/api/vpn-users${query({ query: search.input.value.trim(), page: state.page, size: PAGE_SIZE })}`);
      filterErrors.clear();
      total.textContent = t('users.total', { total: answer.total });
      const seen = await lastSeenOf('users', answer.items.map((user) => user.userId));
      const columns = [
        { label: t('users.userName'), cell: (user) => user.userName },
        { label: t('users.displayName'), cell: (user) => user.displayName || '' },
        { label: t('users.mail'), cell: (user) => user.mail || '' },
        { label: t('users.source'), cell: (user) => t(`settings.authType.${user.source}`) },
        { label: t('users.addedAt'), cell: (user) => formatTime(user.addedAt) },
        { label: t('users.inDirectory'), cell: directoryState },
        ...lastSeenColumns(seen, (user) => user.userId, 'user'),
      ];
      if (canWrite) columns.push({ label: t('common.actions'), cell: removeButton });
      listArea.replaceChildren(table(t('users.list'), columns, answer.items),
        pager(answer.page, Math.ceil(answer.total / answer.size), answer.total, (page) => { state.page = page; reload(); }));
    } catch (error) {
      listArea.replaceChildren();
      filterErrors.show(error, { fieldIds: { query: 'users-filter' } });
    }
  }

  function directoryState(user) {
    if (user.inDirectory === false) return h('span', { class: 'warning' }, t('users.vanished'));
    if (user.inDirectory === null || user.inDirectory === undefined) return h('span', { class: 'hint' }, t('users.unknown'));
    return t('users.present');
  }

  function removeButton(user) {
    const error = h('p', { class: 'error', role: 'alert' });
    return h('div', {}, h('button', {
      type: 'button', class: 'secondary', 'aria-label': `${t('users.remove')}: ${user.userName}`,
      onclick: async () => {
        if (!await confirmDialog(t('users.confirmRemove', { name: user.userName }))) return;
        try {
          await del(`/api/vpn-users/${encodeURIComponent(user.userId)}?confirm=true`);
          await reload();
          flash(t('users.removed', { name: user.userName }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      },
    }, t('users.remove')), error);
  }

  filterForm.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; reload(); });
  filterForm.addEventListener('reset', () => setTimeout(() => { state.page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('users.heading')), h('p', { class: 'hint' }, t('users.intro')), authNote,
    canWrite ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'users-add',
      onclick: () => addDialog(reload) }, t('users.add'))) : null,
    filterForm, total, listArea, canWrite ? csvImport(reload) : null, localArea));
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

  const label = (user) => `${user.userName}${user.displayName ? ` — ${user.displayName}` : ''}${user.enabled === false ? ` (${t('users.disabledAccount')})` : ''}`;
  const option = (user) => h('option', { value: user.userName }, label(user));
  function redraw() {
    availableList.replaceChildren(...state.items.filter((user) => !chosen.has(user.userName)).map(option));
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
      h('div', { class: 'field' }, h('label', { for: 'add-available' }, t('users.available')), availableList,
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

/** CSV import (R-USR-2): choose a file, the dry run lists every bad row with its line, then import all or nothing. */
function csvImport(reload) {
  const input = h('input', { type: 'file', id: 'users-csv-file', accept: '.csv,text/csv', 'aria-describedby': 'users-csv-hint users-csv-error' });
  const error = h('p', { class: 'error', id: 'users-csv-error', role: 'alert' });
  const preview = h('div', { id: 'users-csv-preview', 'aria-live': 'polite' });
  let text = null;
  const showErrors = (rows) => {
    if (!Array.isArray(rows) || rows.length === 0) return;
    preview.append(table(t('users.csvErrors'), [
      { label: t('users.csvLine'), cell: (row) => String(row.line ?? '') },
      { label: t('users.userName'), cell: (row) => row.userName || '' },
      { label: t('users.csvMessage'), cell: (row) => row.message || row.reason },
    ], rows));
  };
  const importButton = h('button', { type: 'button', class: 'primary', id: 'users-csv-import', disabled: true,
    onclick: async () => {
      error.textContent = '';
      try {
        const answer = await postText('/api/vpn-users/import?dryRun=false', text, 'text/csv; charset=utf-8');
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
  const check = h('button', { type: 'button', class: 'secondary', id: 'users-csv-check',
    onclick: async () => {
      error.textContent = '';
      preview.replaceChildren();
      importButton.disabled = true;
      const file = input.files[0];
      if (!file) { error.textContent = t('users.csvChoose'); input.focus(); return; }
      text = await file.text();
      try {
        const answer = await postText('/api/vpn-users/import?dryRun=true', text, 'text/csv; charset=utf-8');
        preview.append(h('p', { id: 'users-csv-summary' }, t('users.csvSummary', { rows: answer.rows, valid: answer.valid,
          errors: answer.errors.length })));
        showErrors(answer.errors);
        importButton.disabled = answer.errors.length > 0 || answer.rows === 0;
      } catch (problem) {
        error.textContent = problem.message;
      }
    } }, t('users.csvCheck'));
  return h('section', { class: 'card', 'aria-labelledby': 'users-csv-heading' },
    h('h2', { id: 'users-csv-heading' }, t('users.csvHeading')),
    h('div', { class: 'field' }, h('label', { for: 'users-csv-file' }, t('users.csvFile')), input,
      h('p', { class: 'hint', id: 'users-csv-hint' }, t('users.csvHint'), ' ',
        h('a', { href: '/api/vpn-users/template.csv', download: 'vpn-users-template.csv', id: 'users-csv-template' },
          t('users.csvTemplate')))),
    h('div', { class: 'actions' }, check, importButton), error, preview);
}

/** ローカルユーザ: the LOCAL tenant's own directory (the list is one answer: filtered and paged here). */
function localUsers(canWrite, reloadVpnUsers) {
  const state = { all: [], page: 0 };
  const filter = h('input', { id: 'local-filter', type: 'search', 'aria-label': t('local.filter') });
  const listError = h('p', { class: 'error', id: 'local-list-error', role: 'alert' });
  const listArea = h('div', { id: 'local-list' }, t('common.loading'));
  filter.addEventListener('input', () => { state.page = 0; draw(); });

  async function reload() {
    try {
      state.all = await get('/api/local-users');
      listError.textContent = '';
      draw();
    } catch (error) {
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }
  function draw() {
    const part = filter.value.trim().toLowerCase();
    const rows = state.all.filter((user) => !part || `${user.userName} ${user.displayName || ''} ${user.mail || ''}`.toLowerCase().includes(part));
    const pages = Math.max(1, Math.ceil(rows.length / LOCAL_PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const columns = [
      { label: t('users.userName'), cell: (user) => user.userName },
      { label: t('users.displayName'), cell: (user) => user.displayName || '' },
      { label: t('users.mail'), cell: (user) => user.mail || '' },
      { label: t('local.createdAt'), cell: (user) => formatTime(user.createdAt) },
      { label: t('local.passwordChangedAt'), cell: (user) => formatTime(user.passwordChangedAt) },
    ];
    if (canWrite) columns.push({ label: t('common.actions'), cell: actions });
    listArea.replaceChildren(table(t('local.list'), columns, rows.slice(state.page * LOCAL_PAGE_SIZE, (state.page + 1) * LOCAL_PAGE_SIZE)),
      pager(state.page, pages, rows.length, (page) => { state.page = page; draw(); }));
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
    if (!name.input.value.trim()) return errors.at('local-name', t('common.requiredField', { name: t('users.userName') }));
    try {
      const created = await post('/api/local-users', { userName: name.input.value.trim(),
        displayName: display.input.value.trim() || null, mail: mail.input.value.trim() || null, password: password.input.value });
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
