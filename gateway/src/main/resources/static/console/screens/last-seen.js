// 最終接続 / 最終拒否（理由）columns of the user and device lists: the rows of the current page are
// looked up in one call to auth-service (GET /api/auth/last-seen), after the list itself. A
// failure leaves the two columns at "-" rather than hiding the list.
import { get, query } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { h } from '../ui.js';

/** kind 'users' or 'devices'; ids of the rows shown. Resolves to {id → {lastAcceptAt, lastRejectAt, lastRejectReason}}. */
export async function lastSeenOf(kind, ids) {
  if (ids.length === 0) return {};
  try {
    const answer = await get(`/api/auth/last-seen${query({ [kind]: ids.join(',') })}`);
    return answer[kind] || {};
  } catch (error) {
    return {};
  }
}

/** The two columns; seen is what lastSeenOf answered, idOf picks the row's id. */
export function lastSeenColumns(seen, idOf, prefix) {
  return [
    { label: t('lastSeen.accept'), cell: (row) => {
      const entry = seen[idOf(row)];
      return h('span', { class: `${prefix}-last-accept` }, entry?.lastAcceptAt ? formatTime(entry.lastAcceptAt) : '-');
    } },
    { label: t('lastSeen.reject'), cell: (row) => {
      const entry = seen[idOf(row)];
      if (!entry?.lastRejectAt) return h('span', { class: `${prefix}-last-reject` }, '-');
      return h('span', { class: `${prefix}-last-reject` }, formatTime(entry.lastRejectAt), ' ',
        h('span', { class: 'hint' }, t('lastSeen.reason', { reason: t(`decisions.reason.${entry.lastRejectReason}`) })));
    } },
  ];
}
