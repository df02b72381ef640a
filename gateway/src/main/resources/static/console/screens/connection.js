// 接続管理 (guide §5, R-PXY-*, R-LSG-1): プロキシ設定 (mode dialog, the management fields) and
// ローカルセグメント設定, each applied to all profiles or to the chosen ones (two-list picker).
import { get, put, query } from '../api.js';
import { t } from '../i18n.js';
import { Errors, dialog, field, flash, h, pager, selectField, show } from '../ui.js';

const MODES = ['CLIENT_SETTINGS', 'MANAGEMENT', 'DENY'];
/** Profiles per page of the apply picker. */
const PICKER_PAGE = 100;

/** プロキシ設定 (#/proxy). */
export function renderProxy(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const current = h('div', { id: 'proxy-current' }, t('common.loading'));
  const applied = h('div', { id: 'proxy-applied' });
  const error = h('p', { class: 'error', id: 'proxy-error', role: 'alert' });

  async function reload() {
    try {
      const proxy = await get('/api/proxy');
      error.textContent = '';
      current.replaceChildren(h('dl', {},
        h('dt', {}, t('proxy.mode')), h('dd', { id: 'proxy-mode-value' }, t(`proxy.mode.${proxy.mode}`)),
        proxy.mode === 'MANAGEMENT' ? [
          h('dt', {}, t('proxy.address')), h('dd', {}, `${proxy.address}:${proxy.port}`),
          h('dt', {}, t('proxy.exclusions')), h('dd', {}, proxy.exclusions.join(';') || '-')] : null),
        canWrite ? h('button', { type: 'button', class: 'primary', id: 'proxy-change', onclick: () => modeDialog(proxy, reload) },
          t('proxy.change')) : null);
      applied.replaceChildren(appliedSummary('proxy', proxy, canWrite && (proxy.mode === 'MANAGEMENT' || proxy.mode === 'CLIENT_SETTINGS'),
        '/api/proxy/applied', reload));
    } catch (problem) {
      current.replaceChildren();
      error.textContent = problem.message;
    }
  }

  show(h('section', {}, h('h1', {}, t('proxy.heading')), h('p', { class: 'hint' }, t('proxy.intro')), error,
    h('div', { class: 'card' }, h('h2', {}, t('proxy.setting')), current),
    h('div', { class: 'card' }, h('h2', {}, t('apply.heading')), h('p', { class: 'hint' }, t('proxy.applyHint')), applied)));
  reload();
}

/** The mode dialog: the address, port and exclusion list only for マネージメントツールで設定する. */
function modeDialog(proxy, reload) {
  const mode = selectField({ id: 'proxy-mode', label: t('proxy.mode'), required: true,
    options: MODES.map((value) => [value, t(`proxy.mode.${value}`)]),
    value: MODES.includes(proxy.mode) ? proxy.mode : 'CLIENT_SETTINGS', hint: t('proxy.androidNote') });
  const address = field({ id: 'proxy-address', label: t('proxy.address'), required: true, value: proxy.address || '',
    hint: t('proxy.addressHint') });
  const port = field({ id: 'proxy-port', label: t('proxy.port'), type: 'number', required: true, min: '1', max: '65535',
    value: proxy.port ?? '' });
  const exclusions = field({ id: 'proxy-exclusions', label: t('proxy.exclusions'), optional: true,
    value: (proxy.exclusions || []).join(';'), hint: t('proxy.exclusionsHint') });
  const management = h('fieldset', {}, h('legend', {}, t('proxy.server')), address.wrapper, port.wrapper, exclusions.wrapper);
  const arrange = () => { management.hidden = mode.input.value !== 'MANAGEMENT'; };
  mode.input.addEventListener('change', arrange);
  arrange();
  const form = h('form', { novalidate: true }, mode.wrapper, management);
  const errors = new Errors(form, 'proxy-mode-error-action');
  form.append(h('p', { class: 'hint' }, t('proxy.afterChange')), h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'proxy-submit' }, t('common.set')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  const box = dialog(t('proxy.setting'), form);
  mode.input.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const managed = mode.input.value === 'MANAGEMENT';
    const body = {
      mode: mode.input.value,
      address: managed ? address.input.value.trim() || null : null,
      port: managed && port.input.value !== '' ? Number(port.input.value) : null,
      exclusions: managed ? exclusions.input.value.trim() || null : null,
    };
    try {
      await put('/api/proxy', body);
      box.close();
      await reload();
      flash(t('proxy.saved'));
    } catch (error) {
      errors.show(error, { fieldIds: { mode: 'proxy-mode', address: 'proxy-address', port: 'proxy-port',
        exclusions: 'proxy-exclusions' } });
    }
  });
}

/** ローカルセグメント設定 (#/local-segment). */
export function renderLocalSegment(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const enabled = selectField({ id: 'segment-enabled', label: t('segment.access'), required: true,
    options: [['true', t('common.enabled')], ['false', t('common.disabled')]], hint: t('segment.accessHint') });
  const form = h('form', { novalidate: true }, enabled.wrapper);
  const errors = new Errors(form, 'segment-error');
  if (canWrite) form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'segment-submit' }, t('common.set'))));
  else enabled.input.disabled = true;
  form.append(errors.actionError);
  const applied = h('div', { id: 'segment-applied' }, t('common.loading'));

  async function reload() {
    try {
      const segment = await get('/api/local-segment');
      errors.clear();
      enabled.input.value = String(segment.enabled);
      applied.replaceChildren(appliedSummary('segment', segment, canWrite, '/api/local-segment/applied', reload));
    } catch (error) {
      applied.replaceChildren();
      errors.show(error);
    }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      await put('/api/local-segment', { enabled: enabled.input.value === 'true' });
      await reload();
      flash(t('segment.saved'));
    } catch (error) {
      errors.show(error, { fieldIds: { enabled: 'segment-enabled' } });
    }
  });
  show(h('section', {}, h('h1', {}, t('segment.heading')), h('p', { class: 'hint' }, t('segment.intro')),
    h('div', { class: 'card' }, form),
    h('div', { class: 'card' }, h('h2', {}, t('apply.heading')), applied)));
  reload();
}

/** 適用プロファイル: the scope and the applied profiles, with 一覧表示/変更 opening the picker. */
function appliedSummary(prefix, setting, canChange, path, reload) {
  const text = setting.scope === 'ALL' ? t('apply.scope.ALL')
    : t('apply.selectedCount', { count: setting.appliedProfiles.length });
  return h('div', {}, h('p', { id: `${prefix}-applied-summary` }, text),
    canChange ? h('button', { type: 'button', class: 'secondary', id: `${prefix}-apply`,
      onclick: () => applyDialog(prefix, setting, path, reload) }, t('apply.change')) : null);
}

/**
 * All profiles, or exactly the chosen ones: not applied → applied, one or all at a time. The
 * profiles not applied are searched and paged by the server (a tenant may have tens of thousands);
 * the applied ones are named by one lookup of their ids.
 */
async function applyDialog(prefix, setting, path, reload) {
  const names = new Map(); // profile id → name, for every profile seen
  try {
    if (setting.appliedProfiles.length) {
      const named = await get(`/api/profiles/names${query({ ids: setting.appliedProfiles.join(',') })}`);
      named.forEach((profile) => names.set(profile.profileId, profile.name));
    }
  } catch (error) {
    flash(error.message);
    return;
  }
  const chosen = new Set(setting.appliedProfiles);
  const state = { page: 0, items: [], total: 0 };
  const scope = selectField({ id: `${prefix}-scope`, label: t('apply.scope'), required: true,
    options: [['ALL', t('apply.scope.ALL')], ['SELECTED', t('apply.scope.SELECTED')]], value: setting.scope });
  const search = h('input', { id: `${prefix}-picker-search`, type: 'search', 'aria-label': t('apply.search'),
    placeholder: t('apply.search') });
  const notApplied = h('select', { id: `${prefix}-not-applied`, multiple: true, size: '10' });
  const appliedList = h('select', { id: `${prefix}-applied-list`, multiple: true, size: '10' });
  const pageArea = h('div', { id: `${prefix}-picker-pages` });
  const option = (profileId) => h('option', { value: profileId }, names.get(profileId) || profileId);
  const redraw = () => {
    // a redraw keeps what the admin had selected in the list
    const selected = new Set([...notApplied.selectedOptions].map((item) => item.value));
    notApplied.replaceChildren(...state.items.filter((profile) => !chosen.has(profile.profileId))
      .map((profile) => option(profile.profileId)));
    [...notApplied.options].forEach((item) => { item.selected = selected.has(item.value); });
    appliedList.replaceChildren(...[...chosen].sort((x, y) => (names.get(x) || x).localeCompare(names.get(y) || y))
      .map(option));
    pageArea.replaceChildren(pager(state.page, Math.ceil(state.total / PICKER_PAGE), state.total,
      (page) => { state.page = page; load(); }));
  };
  let latest = 0;
  async function load() {
    const asked = ++latest;
    try {
      const answer = await get(`/api/profiles${query({ q: search.value.trim(), sort: 'name', page: state.page,
        size: PICKER_PAGE })}`);
      if (asked !== latest) return; // an answer to an earlier search that came late
      state.items = answer.items;
      state.total = answer.total;
      answer.items.forEach((profile) => names.set(profile.profileId, profile.name));
      redraw();
    } catch (error) {
      flash(error.message);
    }
  }
  let typing;
  search.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => { state.page = 0; load(); }, 250); });
  const move = (from, all) => {
    [...from.options].filter((item) => all || item.selected)
      .forEach((item) => (from === notApplied ? chosen.add(item.value) : chosen.delete(item.value)));
    redraw();
  };
  const button = (id, text, label, onclick) => h('button', { type: 'button', class: 'secondary', id, 'aria-label': label, onclick }, text);
  const picker = h('div', { class: 'picker' },
    h('div', { class: 'field' }, h('label', { for: `${prefix}-not-applied` }, t('apply.notApplied')), search, notApplied,
      pageArea),
    h('div', { class: 'picker-buttons' },
      button(`${prefix}-add`, '›', t('apply.add'), () => move(notApplied, false)),
      button(`${prefix}-add-all`, '»', t('apply.addAll'), () => move(notApplied, true)),
      button(`${prefix}-remove`, '‹', t('apply.remove'), () => move(appliedList, false)),
      button(`${prefix}-remove-all`, '«', t('apply.removeAll'), () => move(appliedList, true))),
    h('div', { class: 'field' }, h('label', { for: `${prefix}-applied-list` }, t('apply.applied')), appliedList));
  const arrange = () => { picker.hidden = scope.input.value !== 'SELECTED'; };
  scope.input.addEventListener('change', arrange);
  [notApplied, appliedList].forEach((list) => list.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); move(list, false); }
  }));
  redraw();
  arrange();
  load();
  const form = h('form', { novalidate: true }, scope.wrapper, picker);
  const errors = new Errors(form, `${prefix}-apply-error`);
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: `${prefix}-apply-submit` }, t('common.set')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  const box = dialog(t('apply.heading'), form);
  scope.input.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const body = { scope: scope.input.value, profileIds: scope.input.value === 'SELECTED' ? [...chosen] : null };
    try {
      const answer = await put(path, body);
      box.close();
      await reload();
      const skipped = answer?.skippedAndroidProfiles || [];
      flash(skipped.length ? t('apply.savedSkipped', { names: skipped.join(', ') }) : t('apply.saved'));
    } catch (error) {
      errors.show(error, { fieldIds: { scope: `${prefix}-scope`, profileIds: `${prefix}-not-applied` } });
    }
  });
}
