// デバイス設定 (guide 4-2, R-DEV-*): the list with its filters, order and pages (all on the server),
// デバイス追加 / edit in a dialog whose fields appear as the guide says, removal of unassigned devices,
// CSV export in UTF-8 or Shift_JIS, and bulk work: select devices one by one, the whole page, or every
// device on the filtered list, then delete them or switch their connection on or off, in calls of
// BULK_CHUNK devices with the count done shown while it runs.
import { del, get, latestOnly, post, put, query, writeChecked } from '../api.js';
import { formatTime, instantOfZoned, t, zonedInput } from '../i18n.js';
import { csvImport } from './device-csv.js';
import { lastSeenColumns, lastSeenOf } from './last-seen.js';
import { Errors, badge, clip, confirmDialog, dialog, field, flash, h, pager, selectField, show, table } from '../ui.js';

const TYPES = [['WINDOWS', 'Windows'], ['MAC', 'Mac'], ['IOS', 'iOS'], ['ANDROID', 'Android']];
const MOBILE = ['IOS', 'ANDROID'];
const PAGE_SIZE = 50;
const BULK_CHUNK = 50;
const SORTS = ['name', 'name,desc', 'type', 'user', 'createdAt', 'createdAt,desc'];

export function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const state = { page: 0, items: [], selected: new Set(), busy: false };
  const name = field({ id: 'devices-filter-name', label: t('devices.name'), optional: true });
  const type = selectField({ id: 'devices-filter-type', label: t('devices.type'),
    options: [['', t('common.all')], ...TYPES] });
  const assigned = selectField({ id: 'devices-filter-assigned', label: t('devices.assigned'),
    options: [['', t('common.all')], ['true', t('devices.assignedYes')], ['false', t('devices.assignedNo')]] });
  const allowed = selectField({ id: 'devices-filter-allowed', label: t('devices.connectionAllowed'),
    options: [['', t('common.all')], ['true', t('common.enabled')], ['false', t('common.disabled')]] });
  const sort = selectField({ id: 'devices-sort', label: t('devices.sort'),
    options: SORTS.map((key) => [key, t(`devices.sort.${key}`)]), value: 'name' });
  const encoding = selectField({ id: 'devices-export-encoding', label: t('devices.exportEncoding'),
    options: [['utf-8', t('devices.exportEncoding.utf8')], ['cp932', t('devices.exportEncoding.cp932')]], value: 'utf-8' });
  const exportLink = h('a', { id: 'devices-export', class: 'secondary', href: '/api/devices/csv/export', download: 'devices.csv' },
    t('devices.export'));
  encoding.input.addEventListener('change', () => updateExportLink());
  const filterForm = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, name.wrapper, type.wrapper, assigned.wrapper, allowed.wrapper, sort.wrapper,
      encoding.wrapper));
  const filterErrors = new Errors(filterForm, 'devices-error');
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'devices-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear')), exportLink), filterErrors.actionError);
  const listArea = h('div', { id: 'devices-list' }, t('common.loading'));

  const filters = () => ({ name: name.input.value.trim(), type: type.input.value, assigned: assigned.input.value,
    connectionAllowed: allowed.input.value, sort: sort.input.value });
  const updateExportLink = () => exportLink.setAttribute('href',
    `/api/devices/csv/export${query({ ...filters(), encoding: encoding.input.value })}`);

  // bulk work: what is selected, the actions, and the progress while a long action runs
  const selectedCount = h('span', { id: 'devices-selected-count', role: 'status' });
  const bulkError = h('p', { class: 'error', id: 'devices-bulk-error', role: 'alert' });
  const bulkProgress = h('div', { id: 'devices-bulk-progress', 'aria-live': 'polite' });
  const bulkButtons = [
    h('button', { type: 'button', class: 'secondary', id: 'devices-select-all', onclick: selectAll }, t('devices.selectAll')),
    h('button', { type: 'button', class: 'secondary', id: 'devices-select-none', onclick: () => { state.selected.clear(); redraw(); } },
      t('devices.selectNone')),
    h('button', { type: 'button', class: 'secondary', id: 'devices-bulk-allow',
      onclick: () => bulk('connection', { connectionAllowed: true }, 'devices.bulkAllowConfirm', 'devices.bulkAllowDone') },
    t('devices.bulkAllow')),
    h('button', { type: 'button', class: 'secondary', id: 'devices-bulk-block',
      onclick: () => bulk('connection', { connectionAllowed: false }, 'devices.bulkBlockConfirm', 'devices.bulkBlockDone') },
    t('devices.bulkBlock')),
    h('button', { type: 'button', class: 'secondary', id: 'devices-bulk-delete',
      onclick: () => bulk('delete', {}, 'devices.bulkDeleteConfirm', 'devices.bulkDeleteDone') }, t('devices.bulkDelete')),
  ];
  const bulkBar = h('div', { class: 'card', id: 'devices-bulk', role: 'group', 'aria-label': t('devices.bulkHeading') },
    h('div', { class: 'actions' }, selectedCount, ...bulkButtons), bulkProgress, bulkError);

  function redraw() {
    selectedCount.textContent = t('devices.selected', { count: state.selected.size });
    bulkButtons.slice(1).forEach((button) => { button.disabled = state.busy || state.selected.size === 0; });
    bulkButtons[0].disabled = state.busy;
    listArea.querySelectorAll('input[data-device-id]').forEach((box) => { box.checked = state.selected.has(box.dataset.deviceId); });
    const pageBox = listArea.querySelector('#devices-select-page');
    if (pageBox) {
      const onPage = state.items.filter((device) => state.selected.has(device.id)).length;
      pageBox.checked = state.items.length > 0 && onPage === state.items.length;
      pageBox.indeterminate = onPage > 0 && onPage < state.items.length;
    }
  }

  /** Every device on the filtered list, all pages (the server gives their ids). */
  async function selectAll() {
    bulkError.textContent = '';
    try {
      const answer = await get(`/api/devices/ids${query(filters())}`);
      answer.ids.forEach((id) => state.selected.add(id));
      redraw();
    } catch (problem) {
      bulkError.textContent = problem.message;
    }
  }

  /** Runs a bulk action on the selection in chunks, showing how many are done; refusals are listed by device name. */
  async function bulk(action, extra, confirmKey, doneKey) {
    const ids = [...state.selected];
    if (ids.length === 0) return;
    if (!await confirmDialog(t(confirmKey, { count: ids.length }))) return;
    bulkError.textContent = '';
    state.busy = true;
    redraw();
    const bar = h('progress', { id: 'devices-bulk-bar', max: String(ids.length), value: '0', 'aria-labelledby': 'devices-bulk-label' });
    const label = h('span', { id: 'devices-bulk-label' }, t('devices.bulkRunning', { done: 0, total: ids.length }));
    bulkProgress.replaceChildren(h('p', { role: 'status' }, bar, ' ', label));
    let done = 0;
    const failures = [];
    try {
      for (let from = 0; from < ids.length; from += BULK_CHUNK) {
        const chunk = ids.slice(from, from + BULK_CHUNK);
        const answer = await post(`/api/devices/bulk/${action}`, { ids: chunk, ...extra });
        done += answer.done;
        failures.push(...answer.failures);
        chunk.forEach((id) => state.selected.delete(id));
        bar.value = String(Math.min(ids.length, from + chunk.length));
        label.textContent = t('devices.bulkRunning', { done: Math.min(ids.length, from + chunk.length), total: ids.length });
      }
      failures.forEach((failure) => state.selected.add(failure.id));
      bulkProgress.replaceChildren(h('p', { id: 'devices-bulk-done', role: 'status' },
        t(doneKey, { count: done }) + (failures.length ? ` ${t('devices.bulkFailed', { count: failures.length })}` : '')));
      if (failures.length) {
        bulkProgress.append(table(t('devices.bulkFailures'), [
          { label: t('devices.name'), cell: (failure) => failure.name || '-' },
          { label: t('devices.csvMessage'), cell: (failure) => failure.message },
        ], failures));
      }
      flash(t(doneKey, { count: done }));
    } catch (problem) {
      bulkError.textContent = problem.message;
    } finally {
      state.busy = false;
      await reload();
    }
  }

  const newest = latestOnly();
  async function reload() {
    const current = newest();
    updateExportLink();
    try {
      const answer = await get(`/api/devices${query({ ...filters(), page: state.page, size: PAGE_SIZE })}`);
      if (!current()) return; // a later load started meanwhile
      filterErrors.clear();
      state.items = answer.items;
      const seen = await lastSeenOf('devices', answer.items.map((device) => device.id));
      if (!current()) return; // a later load started meanwhile
      const pageBox = h('input', { type: 'checkbox', id: 'devices-select-page', 'aria-label': t('devices.selectPage'),
        onchange: (event) => {
          state.items.forEach((device) => (event.target.checked ? state.selected.add(device.id) : state.selected.delete(device.id)));
          redraw();
        } });
      const rowBox = (device) => h('input', { type: 'checkbox', 'data-device-id': device.id,
        'aria-label': `${t('devices.select')}: ${device.name}`,
        onchange: (event) => { if (event.target.checked) state.selected.add(device.id); else state.selected.delete(device.id); redraw(); } });
      const columns = canWrite ? [{ label: pageBox, cell: rowBox }] : [];
      columns.push(
        { label: t('devices.name'), cell: (device) => clip(device.name) },
        { label: t('devices.type'), cell: (device) => typeLabel(device.type) },
        { label: t('devices.connectionAllowed'), cell: (device) => badge(t(device.connectionAllowed ? 'common.enabled' : 'common.disabled'),
          device.connectionAllowed ? 'ok' : 'bad') },
        { label: t('devices.deviceAuth'), cell: (device) => onOff(device.deviceAuth) },
        { label: t('devices.method'), cell: (device) => (device.deviceAuth && device.method ? t(`devices.method.${device.method}`) : '-') },
        { label: t('devices.identifier'), cell: (device) => h('span', { class: 'mono' }, clip(identifier(device))) },
        { label: t('devices.user'), cell: (device) => (device.assignedUserName ? clip(device.assignedUserName)
          : badge(t('devices.assignedNo'), 'off')) },
        { label: t('devices.proxy'), cell: (device) => t(`devices.profile.${device.proxy}`) },
        { label: t('devices.localSegment'), cell: (device) => t(`devices.profile.${device.localSegment}`) },
        { label: t('devices.validity'), cell: validity },
        ...lastSeenColumns(seen, (device) => device.id, 'device'),
      );
      if (canWrite) columns.push({ label: t('common.actions'), cell: actions });
      const { name: byName, type: byType, assigned: byAssigned, connectionAllowed: byAllowed } = filters();
      const filtered = [byName, byType, byAssigned, byAllowed].some(Boolean);
      listArea.replaceChildren(table(t('devices.list'), columns, answer.items,
        { empty: filtered || answer.page > 0 ? t('common.empty') : t(canWrite ? 'devices.emptyState' : 'devices.emptyStateReadOnly') }),
        pager(answer.page, answer.totalPages, answer.totalElements, (page) => { state.page = page; reload(); }));
      redraw();
    } catch (error) {
      if (!current()) return;
      listArea.replaceChildren();
      filterErrors.show(error, { fieldIds: { name: 'devices-filter-name', type: 'devices-filter-type' } });
    }
  }

  function actions(device) {
    const error = h('p', { class: 'error', role: 'alert' });
    return h('div', {}, h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('devices.edit')}: ${device.name}`,
        onclick: () => deviceDialog(device, reload) }, t('devices.edit')),
      device.deletable ? h('button', {
        type: 'button', class: 'secondary', 'aria-label': `${t('devices.remove')}: ${device.name}`,
        onclick: async () => {
          if (!await confirmDialog(t('devices.confirmRemove', { name: device.name }))) return;
          try {
            await del(`/api/devices/${encodeURIComponent(device.id)}`);
            await reload();
            flash(t('devices.removed', { name: device.name }));
          } catch (problem) {
            error.textContent = problem.message;
          }
        },
      }, t('devices.remove')) : null), error);
  }

  // a new filter starts a new selection: "select all" means the devices the admin now sees listed
  filterForm.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; state.selected.clear(); reload(); });
  filterForm.addEventListener('reset', () => setTimeout(() => { state.page = 0; state.selected.clear(); reload(); }));
  show(h('section', {}, h('h1', {}, t('devices.heading')),
    canWrite ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'devices-add',
      onclick: () => deviceDialog(null, reload) }, t('devices.add'))) : null,
    filterForm, canWrite ? bulkBar : null, listArea, canWrite ? csvImport(reload) : null));
  reload();
}

/** 利用期間: "from – until" in the tenant's time zone; '-' when the device has none. */
const validity = (device) => (device.validFrom || device.validUntil
  ? `${device.validFrom ? formatTime(device.validFrom) : ''} – ${device.validUntil ? formatTime(device.validUntil) : ''}` : '-');

/** An ISO instant as the value of a datetime-local input (the tenant's time zone). */
const localInput = zonedInput;
/** A datetime-local value (the tenant's time zone) as an ISO instant, or null when empty. */
const instantOf = instantOfZoned;

const onOff = (value) => t(value ? 'common.enabled' : 'common.disabled');
const typeLabel = (value) => (TYPES.find(([key]) => key === value) || [value, value])[1];
const identifier = (device) => {
  if (!device.deviceAuth) return '-';
  const value = device.method === 'MAC_ADDRESS' ? device.macAddress : device.serialId;
  return value || t('common.none');
};

/** デバイス追加 (device null) or edit: method only with device auth on, serial or MAC by method. */
function deviceDialog(device, reload) {
  const prefix = 'device';
  const name = field({ id: `${prefix}-name`, label: t('devices.name'), required: true, value: device?.name, hint: t('devices.nameHint') });
  const allowed = selectField({ id: `${prefix}-allowed`, label: t('devices.connectionAllowed'), required: true,
    options: [['true', t('common.enabled')], ['false', t('common.disabled')]], value: String(device?.connectionAllowed ?? true) });
  const type = selectField({ id: `${prefix}-type`, label: t('devices.type'), required: true, options: TYPES, value: device?.type });
  const auth = selectField({ id: `${prefix}-auth`, label: t('devices.deviceAuth'), required: true,
    options: [['true', t('common.enabled')], ['false', t('common.disabled')]], value: String(device?.deviceAuth ?? true),
    hint: t('devices.deviceAuthHint') });
  const method = selectField({ id: `${prefix}-method`, label: t('devices.method'),
    options: [['SERIAL_ID', t('devices.method.SERIAL_ID')], ['MAC_ADDRESS', t('devices.method.MAC_ADDRESS')]],
    value: device?.method || 'SERIAL_ID', hint: t('devices.methodHint') });
  const serial = field({ id: `${prefix}-serial`, label: t('devices.serialId'), value: device?.serialId || '', hint: t('devices.serialHint') });
  const mac = field({ id: `${prefix}-mac`, label: t('devices.macAddress'), value: device?.macAddress || '', hint: t('devices.macHint') });
  const validFrom = field({ id: `${prefix}-valid-from`, label: t('devices.validFrom'), type: 'datetime-local', optional: true,
    value: localInput(device?.validFrom), hint: t('devices.validityHint') });
  const validUntil = field({ id: `${prefix}-valid-until`, label: t('devices.validUntil'), type: 'datetime-local', optional: true,
    value: localInput(device?.validUntil) });

  function arrange() {
    const mobile = MOBILE.includes(type.input.value);
    const macOption = method.input.querySelector('option[value="MAC_ADDRESS"]');
    macOption.disabled = mobile;
    if (mobile && method.input.value === 'MAC_ADDRESS') method.input.value = 'SERIAL_ID';
    const authOn = auth.input.value === 'true';
    method.wrapper.hidden = !authOn;
    serial.wrapper.hidden = !authOn || method.input.value !== 'SERIAL_ID';
    mac.wrapper.hidden = !authOn || method.input.value !== 'MAC_ADDRESS';
  }
  [type.input, auth.input, method.input].forEach((input) => input.addEventListener('change', arrange));
  arrange();

  const form = h('form', { novalidate: true }, name.wrapper, allowed.wrapper, type.wrapper, auth.wrapper, method.wrapper,
    serial.wrapper, mac.wrapper, validFrom.wrapper, validUntil.wrapper);
  const errors = new Errors(form, 'device-error');
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'));
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'device-submit' }, t('common.set')),
    cancel), errors.actionError);
  const box = dialog(device ? t('devices.editHeading', { name: device.name }) : t('devices.add'), form);
  name.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[name.input, t('devices.name')]])) return;
    const authOn = auth.input.value === 'true';
    const body = {
      name: name.input.value.trim(),
      connectionAllowed: allowed.input.value === 'true',
      type: type.input.value,
      deviceAuth: authOn,
      method: authOn ? method.input.value : null,
      serialId: authOn && method.input.value === 'SERIAL_ID' ? serial.input.value.trim() || null : null,
      macAddress: authOn && method.input.value === 'MAC_ADDRESS' ? mac.input.value.trim() || null : null,
      validFrom: instantOf(validFrom.input.value),
      validUntil: instantOf(validUntil.input.value),
    };
    try {
      // a save the gateway stopped waiting for may have been done: the list by name tells
      const saved = await writeChecked(
        () => (device ? put(`/api/devices/${encodeURIComponent(device.id)}`, body) : post('/api/devices', body)),
        async () => (await get(`/api/devices${query({ name: body.name, size: 50 })}`)).items
          .find((item) => item.name === body.name && (!device || (item.id === device.id
          && item.type === body.type && item.connectionAllowed === body.connectionAllowed && item.deviceAuth === body.deviceAuth))));
      box.close();
      await reload();
      flash(t(device ? 'devices.saved' : 'devices.added', { name: saved.name }));
    } catch (error) {
      errors.show(error, {
        fieldIds: { name: `${prefix}-name`, connectionAllowed: `${prefix}-allowed`, type: `${prefix}-type`,
          deviceAuth: `${prefix}-auth`, method: `${prefix}-method`, serialId: `${prefix}-serial`, macAddress: `${prefix}-mac`,
          validFrom: `${prefix}-valid-from`, validUntil: `${prefix}-valid-until` },
        slugFields: { 'device-name-taken': `${prefix}-name`, 'device-serial-taken': `${prefix}-serial`,
          'device-mac-taken': `${prefix}-mac` },
      });
    }
  });
}
