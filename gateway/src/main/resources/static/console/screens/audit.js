// 監査ログ: the tenant's audit trail, newest first, filtered by period, actor, action, kind of
// target and part of the target's name; each entry shows what was done in words, the target by
// the name the console uses, and what changed (変更内容). The same filters export CSV, which keeps
// the codes for machines (a plain link: the session cookie goes along with the GET).
import { get, latestOnly, query } from '../api.js';
import { formatTime, instantOfZoned, keys, t } from '../i18n.js';
import { Errors, dialog, field, h, pager, selectField, show, table } from '../ui.js';

const PAGE_SIZE = 50;

/** The action as the screen says it; a code without a label (should not happen) stays readable. */
function actionLabel(code) {
  const label = t(`audit.action.${code}`);
  return label === `audit.action.${code}` ? code.toLowerCase().replaceAll('_', ' ') : label;
}

function targetTypeLabel(type) {
  const label = t(`audit.targetType.${type}`);
  return label === `audit.targetType.${type}` ? type : label;
}

function fieldLabel(name) {
  const label = t(`audit.field.${name}`);
  return label === `audit.field.${name}` ? name : label;
}

/** Where the console already names a code (a method, a role, a mode, …): the first that knows it. */
const CODE_LABELS = ['audit.enum.', 'devices.method.', 'settings.authType.', 'role.', 'tenants.status.', 'proxy.mode.',
  'ad.transport.'];

/** A recorded value as a person reads it. */
function shown(value) {
  if (value === undefined) return '';
  if (value === null || value === '') return t('audit.value.none');
  if (value === true) return t('audit.value.true');
  if (value === false) return t('audit.value.false');
  if (typeof value === 'string' && /^[A-Z][A-Z0-9_]+$/.test(value)) {
    const key = CODE_LABELS.map((prefix) => prefix + value).find((candidate) => t(candidate) !== candidate);
    if (key) return t(key);
  }
  if (Array.isArray(value)) {
    if (value.every((each) => each === null || typeof each !== 'object')) return value.join(', ');
    return t('audit.value.items', { count: value.length });
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function parsed(json) {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : { value };
  } catch {
    return { value: json };
  }
}

/** 変更内容: one row per recorded field, before and after side by side, changed ones marked. */
function showChanges(item) {
  const before = parsed(item.before);
  const after = parsed(item.after);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows = names.map((name) => ({ name, before: before[name], after: after[name],
    changed: JSON.stringify(before[name]) !== JSON.stringify(after[name]) }));
  const title = `${actionLabel(item.action)}: ${item.targetName || targetTypeLabel(item.targetType)}`;
  const box = dialog(title,
    h('p', { class: 'hint' }, `${formatTime(item.at)} / ${t('audit.actor')}: ${item.actor}`),
    rows.length === 0 ? h('p', {}, t('audit.noChanges'))
      : h('table', { id: 'audit-changes' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('audit.field')), h('th', { scope: 'col' }, t('audit.before')),
          h('th', { scope: 'col' }, t('audit.after')))),
        h('tbody', {}, rows.map((row) => h('tr', { class: row.changed ? 'changed' : null },
          h('th', { scope: 'row' }, fieldLabel(row.name)),
          h('td', {}, item.before ? shown(row.before) : t('audit.value.created')),
          h('td', {}, item.after ? shown(row.after) : t('audit.value.deleted')))))),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'audit-changes-close',
      onclick: () => box.close() }, t('common.close'))));
}

export function render() {
  const from = field({ id: 'audit-from', label: t('audit.from'), type: 'datetime-local', optional: true });
  const to = field({ id: 'audit-to', label: t('audit.to'), type: 'datetime-local', optional: true });
  const actor = field({ id: 'audit-actor', label: t('audit.actor'), optional: true, hint: t('audit.exact') });
  const action = selectField({ id: 'audit-action', label: t('audit.action'),
    options: [['', t('common.all')], ...keys('audit.action.').map((code) => [code, actionLabel(code)])] });
  const targetType = selectField({ id: 'audit-target-type', label: t('audit.targetKind'),
    options: [['', t('common.all')], ...keys('audit.targetType.').map((type) => [type, targetTypeLabel(type)])] });
  const target = field({ id: 'audit-target', label: t('audit.targetName'), optional: true, hint: t('audit.targetHint') });
  const exportLink = h('a', { id: 'audit-export', class: 'secondary', href: '/api/audit/export.csv', download: 'audit.csv' },
    t('audit.export'));
  const form = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, from.wrapper, to.wrapper, actor.wrapper, action.wrapper, targetType.wrapper,
      target.wrapper));
  const errors = new Errors(form, 'audit-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'audit-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear')), exportLink), errors.actionError);
  const listArea = h('div', { id: 'audit-list' }, t('common.loading'));
  let page = 0;

  const iso = (value) => instantOfZoned(value) || ''; // the inputs are wall times in the tenant's zone
  const filters = () => ({ from: iso(from.input.value), to: iso(to.input.value), actor: actor.input.value.trim(),
    action: action.input.value, targetType: targetType.input.value, target: target.input.value.trim() });

  const newest = latestOnly();
  async function reload() {
    const current = newest();
    exportLink.setAttribute('href', `/api/audit/export.csv${query(filters())}`);
    try {
      const answer = await get(`/api/audit${query({ ...filters(), page, size: PAGE_SIZE })}`);
      if (!current()) return; // a later load started meanwhile
      errors.clear();
      listArea.replaceChildren(table(t('audit.heading'), [
        { label: t('audit.at'), cell: (item) => formatTime(item.at) },
        { label: t('audit.actor'), cell: (item) => item.actor },
        { label: t('audit.action'), cell: (item) => actionLabel(item.action) },
        { label: t('audit.target'), cell: (item) => h('span', {}, h('span', { class: 'hint' }, targetTypeLabel(item.targetType)),
          item.targetName ? ` ${item.targetName}` : '') },
        { label: t('audit.changes'), cell: (item) => h('button', { type: 'button', class: 'secondary',
          'aria-label': `${t('audit.changes')}: ${actionLabel(item.action)} ${item.targetName || ''}`,
          onclick: () => showChanges(item) }, t('audit.show')) },
      ], answer.items), pager(answer.page, Math.ceil(answer.total / answer.size), answer.total, (next) => { page = next; reload(); }));
    } catch (error) {
      if (!current()) return;
      listArea.replaceChildren();
      errors.show(error, { fieldIds: { from: 'audit-from', to: 'audit-to', actor: 'audit-actor', action: 'audit-action',
        targetType: 'audit-target-type', target: 'audit-target' } });
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); page = 0; reload(); });
  form.addEventListener('reset', () => setTimeout(() => { page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('audit.heading')), form, listArea));
  reload();
}
