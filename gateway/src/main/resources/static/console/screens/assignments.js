// デバイス割当 (guide 4-3, R-ASN-*): the VPN users device-service knows, each with its devices;
// 割当 opens the two-list picker (割当可能デバイス → 割当デバイス, one or all), 適用 makes the
// user's devices exactly the chosen ones and shows the guide's message (R-ASN-3).
import { get, latestOnly, put, query } from '../api.js';
import { t } from '../i18n.js';
import { Errors, confirmDialog, dialog, field, flash, h, pager, show, table } from '../ui.js';

const PAGE_SIZE = 50;
const AVAILABLE_SIZE = 500;
const TYPES = { WINDOWS: 'Windows', MAC: 'Mac', IOS: 'iOS', ANDROID: 'Android' };

export function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const state = { page: 0 };
  const name = field({ id: 'assignments-filter-name', label: t('assignments.userName'), optional: true,
    hint: t('assignments.filterHint') });
  const filterForm = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, name.wrapper));
  const listError = h('p', { class: 'error', id: 'assignments-error', role: 'alert' });
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'assignments-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear'))), listError);
  const listArea = h('div', { id: 'assignments-list' }, t('common.loading'));

  const newest = latestOnly();
  async function reload() {
    const current = newest();
    try {
      // searched by the server over all the tenant's users, with the total
      const answer = await get(`/api/assignments${query({ name: name.input.value.trim(), page: state.page, size: PAGE_SIZE })}`);
      if (!current()) return; // a later load started meanwhile
      listError.textContent = '';
      const columns = [
        { label: t('assignments.userName'), cell: (user) => user.userName },
        { label: t('assignments.displayName'), cell: (user) => user.displayName || '' },
        { label: t('assignments.devices'), cell: (user) => (user.devices.length === 0 ? t('assignments.noDevices')
          : user.devices.map((device) => `${device.name} (${TYPES[device.type] || device.type})`).join(', ')) },
      ];
      if (canWrite) {
        columns.push({ label: t('common.actions'), cell: (user) => h('button', {
          type: 'button', class: 'secondary', 'aria-label': `${t('assignments.assign')}: ${user.userName}`,
          onclick: () => picker(user.userId, reload),
        }, t('assignments.assign')) });
      }
      listArea.replaceChildren(table(t('assignments.list'), columns, answer.items, { empty: t('assignments.emptyState') }),
        pager(state.page, Math.ceil(answer.total / PAGE_SIZE), answer.total, (page) => { state.page = page; reload(); }));
    } catch (error) {
      if (!current()) return;
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }

  filterForm.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; reload(); });
  filterForm.addEventListener('reset', () => setTimeout(() => { state.page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('assignments.heading')),
    h('p', { class: 'hint' }, t('assignments.intro')), filterForm, listArea));
  reload();
}

/** The two-list picker of one user in a dialog; 適用 replaces the user's devices. */
async function picker(userId, reload) {
  let user;
  try {
    user = await get(`/api/assignments/${encodeURIComponent(userId)}`);
  } catch (error) {
    flash(error.message);
    return;
  }
  const chosen = new Map(user.devices.map((device) => [device.id, device]));
  let available = [];

  const availableList = h('select', { id: 'assign-available', multiple: true, size: '10', 'aria-describedby': 'assign-available-hint' });
  const assignedList = h('select', { id: 'assign-assigned', multiple: true, size: '10', 'aria-describedby': 'assign-limit' });
  // the limit line is no error slot: it stays (and says how far over) whatever a refusal shows
  const limitLine = h('p', { class: 'hint', id: 'assign-limit', 'aria-live': 'polite' });
  const emptyLine = h('p', { class: 'hint', id: 'assign-available-empty', hidden: true });
  const apply = h('button', { type: 'submit', class: 'primary', id: 'assign-apply' }, t('assignments.apply'));
  const filter = field({ id: 'assign-filter', label: t('assignments.deviceName'), optional: true });
  const filterError = h('p', { class: 'error', id: 'assign-filter-error', role: 'alert' });

  const option = (device) => h('option', { value: device.id }, `${device.name} (${TYPES[device.type] || device.type})`);
  function redraw() {
    availableList.replaceChildren(...available.filter((device) => !chosen.has(device.id)).map(option));
    assignedList.replaceChildren(...[...chosen.values()].map(option));
    const over = chosen.size > user.limit;
    limitLine.textContent = t('assignments.limit', { limit: user.limit, count: chosen.size })
      + (over ? ` ${t('assignments.overLimit', { over: chosen.size - user.limit })}` : '');
    limitLine.classList.toggle('over-limit', over);
    apply.disabled = over;
    const nothing = availableList.options.length === 0;
    emptyLine.hidden = !nothing;
    emptyLine.textContent = filter.input.value.trim() ? t('assignments.noMatch') : t('assignments.noneFree');
  }
  async function loadAvailable() {
    try {
      available = await get(`/api/assignments/available-devices${query({ name: filter.input.value.trim(), size: AVAILABLE_SIZE })}`);
      filterError.textContent = '';
    } catch (error) {
      filterError.textContent = error.message;
    }
    // devices this dialog took away are free again, also when not yet applied
    user.devices.filter((device) => !chosen.has(device.id) && !available.some((free) => free.id === device.id))
      .forEach((device) => available.push(device));
    redraw();
  }
  const move = (from, all) => {
    const picked = [...from.options].filter((item) => all || item.selected).map((item) => item.value);
    if (from === availableList) picked.forEach((id) => chosen.set(id, available.find((device) => device.id === id)));
    else picked.forEach((id) => chosen.delete(id));
    // a refusal of the earlier choice no longer applies to this one
    errors.clear();
    redraw();
  };

  const button = (id, text, label, onclick) => h('button', { type: 'button', class: 'secondary', id, 'aria-label': label, onclick }, text);
  const form = h('form', { novalidate: true },
    h('div', { class: 'inline-form' }, filter.wrapper,
      h('button', { type: 'button', class: 'secondary', id: 'assign-filter-search', onclick: loadAvailable }, t('common.search'))),
    filterError,
    h('div', { class: 'picker' },
      h('div', { class: 'field' }, h('label', { for: 'assign-available' }, t('assignments.available')), availableList,
        emptyLine, h('p', { class: 'hint', id: 'assign-available-hint' }, t('assignments.availableHint'))),
      h('div', { class: 'picker-buttons' },
        button('assign-add', '›', t('assignments.add'), () => move(availableList, false)),
        button('assign-add-all', '»', t('assignments.addAll'), () => move(availableList, true)),
        button('assign-remove', '‹', t('assignments.remove'), () => move(assignedList, false)),
        button('assign-remove-all', '«', t('assignments.removeAll'), () => move(assignedList, true))),
      h('div', { class: 'field' }, h('label', { for: 'assign-assigned' }, t('assignments.assigned')), assignedList, limitLine)));
  const errors = new Errors(form, 'assign-error');
  form.append(h('div', { class: 'actions' },
    apply,
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  [availableList, assignedList].forEach((list) => list.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); move(list, false); }
  }));
  filter.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); loadAvailable(); }
  });
  const box = dialog(t('assignments.dialog', { name: user.userName }), form);
  await loadAvailable();
  availableList.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (chosen.size > user.limit) return;
    // taking devices away from the user ends their profiles too: say so, by name, first
    const removed = user.devices.filter((device) => !chosen.has(device.id));
    if (removed.length && !await confirmDialog(t('assignments.confirmRemove',
      { name: user.userName, devices: removed.map((device) => device.name).join('、') }))) return;
    try {
      const answer = await put(`/api/assignments/${encodeURIComponent(userId)}`, { deviceIds: [...chosen.keys()] });
      box.close();
      await reload();
      flash(answer.message || t('assignments.changed', { name: answer.userName }));
    } catch (error) {
      errors.show(error);
    }
  });
}
