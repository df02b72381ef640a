// デバイス設定 (guide 4-2, R-DEV-*): the list with its filters and pages, デバイス追加 / edit in a
// dialog whose fields appear as the guide says, removal of unassigned devices, CSV export.
import { del, get, post, put, query } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { csvImport } from './device-csv.js';
import { lastSeenColumns, lastSeenOf } from './last-seen.js';
import { Errors, confirmDialog, dialog, field, flash, h, pager, selectField, show, table } from '../ui.js';

const TYPES = [['WINDOWS', 'Windows'], ['MAC', 'Mac'], ['IOS', 'iOS'], ['ANDROID', 'Android']];
const MOBILE = ['IOS', 'ANDROID'];
const PAGE_SIZE = 50;

export function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const state = { page: 0 };
  const name = field({ id: 'devices-filter-name', label: t('devices.name'), optional: true });
  const type = selectField({ id: 'devices-filter-type', label: t('devices.type'),
    options: [['', t('common.all')], ...TYPES] });
  const assigned = selectField({ id: 'devices-filter-assigned', label: t('devices.assigned'),
    options: [['', t('common.all')], ['true', t('devices.assignedYes')], ['false', t('devices.assignedNo')]] });
  const allowed = selectField({ id: 'devices-filter-allowed', label: t('devices.connectionAllowed'),
    options: [['', t('common.all')], ['true', t('common.enabled')], ['false', t('common.disabled')]] });
  const exportLink = h('a', { id: 'devices-export', class: 'secondary', href: '/api/devices/csv/export', download: 'devices.csv' },
    t('devices.export'));
  const filterForm = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, name.wrapper, type.wrapper, assigned.wrapper, allowed.wrapper));
  const filterErrors = new Errors(filterForm, 'devices-error');
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'devices-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear')), exportLink), filterErrors.actionError);
  const listArea = h('div', { id: 'devices-list' }, t('common.loading'));

  const filters = () => ({ name: name.input.value.trim(), type: type.input.value, assigned: assigned.input.value,
    connectionAllowed: allowed.input.value });

  async function reload() {
    exportLink.setAttribute('href', `/api/devices/csv/export${query(filters())}`);
    try {
      const answer = await get(`/api/devices${query({ ...filters(), page: state.page, size: PAGE_SIZE })}`);
      filterErrors.clear();
      const seen = await lastSeenOf('devices', answer.items.map((device) => device.id));
      const columns = [
        { label: t('devices.name'), cell: (device) => device.name },
        { label: t('devices.type'), cell: (device) => typeLabel(device.type) },
        { label: t('devices.connectionAllowed'), cell: (device) => onOff(device.connectionAllowed) },
        { label: t('devices.deviceAuth'), cell: (device) => onOff(device.deviceAuth) },
        { label: t('devices.method'), cell: (device) => (device.deviceAuth && device.method ? t(`devices.method.${device.method}`) : '-') },
        { label: t('devices.identifier'), cell: (device) => h('span', { class: 'mono' }, identifier(device)) },
        { label: t('devices.user'), cell: (device) => device.assignedUserName || t('devices.assignedNo') },
        { label: t('devices.proxy'), cell: (device) => t(`devices.profile.${device.proxy}`) },
        { label: t('devices.localSegment'), cell: (device) => t(`devices.profile.${device.localSegment}`) },
        { label: t('devices.validity'), cell: validity },
        ...lastSeenColumns(seen, (device) => device.id, 'device'),
      ];
      if (canWrite) columns.push({ label: t('common.actions'), cell: actions });
      listArea.replaceChildren(table(t('devices.list'), columns, answer.items),
        pager(answer.page, answer.totalPages, answer.totalElements, (page) => { state.page = page; reload(); }));
    } catch (error) {
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

  filterForm.addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; reload(); });
  filterForm.addEventListener('reset', () => setTimeout(() => { state.page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('devices.heading')),
    canWrite ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'devices-add',
      onclick: () => deviceDialog(null, reload) }, t('devices.add'))) : null,
    filterForm, listArea, canWrite ? csvImport(reload) : null));
  reload();
}

/** 利用期間: "from – until" in local time; '-' when the device has none. */
const validity = (device) => (device.validFrom || device.validUntil
  ? `${device.validFrom ? formatTime(device.validFrom) : ''} – ${device.validUntil ? formatTime(device.validUntil) : ''}` : '-');

/** An ISO instant as the value of a datetime-local input (the browser's time zone). */
const localInput = (iso) => {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
/** A datetime-local value as an ISO instant, or null when empty (or unreadable: the server says why). */
const instantOf = (value) => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
};

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
    if (!name.input.value.trim()) return errors.at(`${prefix}-name`, `${t('devices.name')}: ${t('common.required')}`);
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
      const saved = device ? await put(`/api/devices/${encodeURIComponent(device.id)}`, body) : await post('/api/devices', body);
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
