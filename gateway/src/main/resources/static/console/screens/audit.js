// 監査ログ: the tenant's audit trail, newest first, filtered by period, actor and action; the
// same filters export CSV (a plain link: the session cookie goes along with the GET).
import { get, query } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { Errors, field, h, pager, show, table } from '../ui.js';

const PAGE_SIZE = 50;

export function render() {
  const from = field({ id: 'audit-from', label: t('audit.from'), type: 'datetime-local', optional: true });
  const to = field({ id: 'audit-to', label: t('audit.to'), type: 'datetime-local', optional: true });
  const actor = field({ id: 'audit-actor', label: t('audit.actor'), optional: true, hint: t('audit.exact') });
  const action = field({ id: 'audit-action', label: t('audit.action'), optional: true, hint: t('audit.exact') });
  const exportLink = h('a', { id: 'audit-export', class: 'secondary', href: '/api/audit/export.csv', download: 'audit.csv' },
    t('audit.export'));
  const form = h('form', { novalidate: true, class: 'card', role: 'search', 'aria-label': t('common.filter') },
    h('div', { class: 'inline-form' }, from.wrapper, to.wrapper, actor.wrapper, action.wrapper));
  const errors = new Errors(form, 'audit-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'audit-search' }, t('common.search')),
    h('button', { type: 'reset', class: 'secondary' }, t('common.clear')), exportLink), errors.actionError);
  const listArea = h('div', { id: 'audit-list' }, t('common.loading'));
  let page = 0;

  const iso = (value) => (value ? new Date(value).toISOString() : '');
  const filters = () => ({ from: iso(from.input.value), to: iso(to.input.value), actor: actor.input.value.trim(),
    action: action.input.value.trim() });

  async function reload() {
    exportLink.setAttribute('href', `/api/audit/export.csv${query(filters())}`);
    try {
      const answer = await get(`/api/audit${query({ ...filters(), page, size: PAGE_SIZE })}`);
      errors.clear();
      listArea.replaceChildren(table(t('audit.heading'), [
        { label: t('audit.at'), cell: (item) => formatTime(item.at) },
        { label: t('audit.actor'), cell: (item) => item.actor },
        { label: t('audit.action'), cell: (item) => item.action },
        { label: t('audit.target'), cell: (item) => h('span', { class: 'mono' }, [item.targetType, item.targetId].filter(Boolean).join(' / ')) },
        { label: t('audit.service'), cell: (item) => item.service || '' },
      ], answer.items), pager(answer.page, Math.ceil(answer.total / answer.size), answer.total, (next) => { page = next; reload(); }));
    } catch (error) {
      listArea.replaceChildren();
      errors.show(error, { fieldIds: { from: 'audit-from', to: 'audit-to', actor: 'audit-actor', action: 'audit-action' } });
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); page = 0; reload(); });
  form.addEventListener('reset', () => setTimeout(() => { page = 0; reload(); }));
  show(h('section', {}, h('h1', {}, t('audit.heading')), form, listArea));
  reload();
}
