// メール配信ログ: the tenant's mail deliveries with their state; dead letters can be sent again.
import { get, latestOnly, post, query } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { flash, h, pager, show, table } from '../ui.js';

const STATES = ['SENDING', 'SENT', 'FAILED', 'DEAD'];
const PAGE_SIZE = 50;

export function render(context) {
  const canRetry = context.session.account.role === 'ADMIN';
  const state = { filter: '', page: 0 };
  const select = h('select', { id: 'mail-state' },
    h('option', { value: '' }, t('mail.stateAll')),
    STATES.map((value) => h('option', { value }, t(`mail.state.${value}`))));
  select.addEventListener('change', () => { state.filter = select.value; state.page = 0; reload(); });
  const listError = h('p', { class: 'error', id: 'mail-list-error', role: 'alert' });
  const listArea = h('div', { id: 'mail-list' }, t('common.loading'));

  const newest = latestOnly();
  async function reload() {
    const current = newest();
    try {
      const answer = await get(`/api/notifications/deliveries${query({ state: state.filter, page: state.page, size: PAGE_SIZE })}`);
      if (!current()) return; // a later load started meanwhile
      listError.textContent = '';
      const columns = [
        { label: t('mail.createdAt'), cell: (item) => formatTime(item.createdAt) },
        { label: t('mail.kind'), cell: (item) => t(`mail.kind.${item.kind}`) },
        { label: t('mail.recipient'), cell: (item) => item.recipient },
        { label: t('mail.state'), cell: (item) => t(`mail.state.${item.state}`) },
        { label: t('mail.attempts'), cell: (item) => String(item.attempts) },
        { label: t('mail.sentAt'), cell: (item) => formatTime(item.sentAt) },
        { label: t('mail.lastError'), cell: (item) => item.lastError || '' },
      ];
      if (canRetry) columns.push({ label: t('common.actions'), cell: retryButton });
      listArea.replaceChildren(table(t('mail.heading'), columns, answer.items),
        pager(answer.page, answer.totalPages, answer.totalElements, (page) => { state.page = page; reload(); }));
    } catch (error) {
      if (!current()) return;
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }

  function retryButton(item) {
    if (item.state !== 'DEAD' && item.state !== 'FAILED') return '';
    const error = h('p', { class: 'error', role: 'alert' });
    return h('div', {}, h('button', {
      type: 'button', class: 'secondary', 'aria-label': `${t('mail.retry')}: ${item.recipient}`,
      onclick: async () => {
        try {
          await post(`/api/notifications/deliveries/${encodeURIComponent(item.deliveryId)}/retry`);
          await reload();
          flash(t('mail.retried', { recipient: item.recipient }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      },
    }, t('mail.retry')), error);
  }

  show(h('section', {}, h('h1', {}, t('mail.heading')),
    h('div', { class: 'inline-form' }, h('div', { class: 'field' }, h('label', { for: 'mail-state' }, t('mail.state')), select)),
    listError, listArea));
  reload();
}
