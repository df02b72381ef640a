// 概要: the tenant at a glance, the home screen of admins and auditors — users, devices, profiles
// by status, live sessions, rejections of the last 24 hours by reason, mails waiting or given up,
// and the Entra ID client secret's days to expiry (a warning from 30 days). Every figure is a
// total the server counted; a part that cannot be read says so and the others still show.
import { get, query } from '../api.js';
import { formatDate, t, today } from '../i18n.js';
import { h, show } from '../ui.js';

const PROFILE_STATUSES = ['MAIL_NOT_SENT', 'WAITING_DOWNLOAD', 'WAITING_DOWNLOAD_RESENT', 'LINK_EXPIRED',
  'WAITING_DEVICE_REGISTRATION', 'READY'];
const SECRET_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const total = (path) => get(path).then((answer) => answer.total ?? answer.totalElements ?? 0);

/** One card: a title, its figures as label → value rows, an optional link to the screen behind it. */
function card(id, title, rows, link) {
  return h('section', { class: 'card overview-card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    h('dl', {}, rows.flatMap(([label, value, warn]) => [h('dt', {}, label),
      h('dd', { class: warn ? 'warning' : null }, value)])),
    link ? h('a', { href: link[0] }, link[1]) : null);
}

async function settled(promise) {
  try {
    return await promise;
  } catch (error) {
    return undefined;
  }
}

const figure = (value) => (value === undefined ? t('overview.unavailable') : String(value));

export async function render() {
  const area = h('div', { class: 'overview', id: 'overview' }, t('common.loading'));
  show(h('section', {}, h('h1', {}, t('overview.heading')), area));
  const since = new Date(Date.now() - DAY_MS).toISOString();
  const [users, disabledUsers, gone, devices, unassigned, sessions, rejects, waiting, dead, settings, profileCounts] =
    await Promise.all([
      settled(total('/api/vpn-users?page=0&size=1')),
      settled(total('/api/vpn-users?page=0&size=1&enabled=false')),
      settled(total('/api/vpn-users?page=0&size=1&inDirectory=false')),
      settled(total('/api/devices?page=0&size=1')),
      settled(total('/api/devices?page=0&size=1&assigned=false')),
      settled(total('/api/auth/sessions/count?live=true')),
      settled(get(`/api/auth/decisions/rejects${query({ from: since })}`)),
      settled(total('/api/notifications/deliveries?page=0&size=1&state=SENDING')),
      settled(total('/api/notifications/deliveries?page=0&size=1&state=DEAD')),
      settled(get('/api/settings')),
      settled(get('/api/profiles/counts')),
    ]);
  // one pass over the profiles on the server for every status (the list would read them once per status)
  const profiles = PROFILE_STATUSES.map((status) => profileCounts?.byStatus?.[status]);
  draw(area, { users, disabledUsers, gone, devices, unassigned, sessions, rejects, waiting, dead, profiles,
    expiresOn: settings?.entraId?.secretExpiresOn }, true);
}

/**
 * The operator's view of one tenant's overview (テナント → 概要): the same figures, each service
 * answering its part under /api/operator/tenants/{id}/overview; no links into the tenant's screens,
 * which are its admins'.
 */
export async function renderForOperator(context, tenantId) {
  const base = `/api/operator/tenants/${encodeURIComponent(tenantId)}/overview`;
  const heading = h('h1', {}, t('overview.tenantHeading', { name: '' }));
  const area = h('div', { class: 'overview', id: 'overview' }, t('common.loading'));
  const error = h('p', { class: 'error', id: 'overview-error', role: 'alert' });
  show(h('section', {}, heading, h('p', {}, h('a', { href: '#/tenants', id: 'overview-back' }, t('nas.back'))),
    error, area));
  const [directory, devices, sessions, mails, profiles] = await Promise.all([
    get(base).catch((problem) => { error.textContent = problem.message; return undefined; }),
    settled(get(`${base}/devices`)), settled(get(`${base}/sessions`)), settled(get(`${base}/mails`)),
    settled(get(`${base}/profiles`))]);
  if (!directory) {
    area.replaceChildren();
    return;
  }
  heading.textContent = t('overview.tenantHeading', { name: directory.name });
  draw(area, {
    users: directory.users, disabledUsers: directory.usersDisabled, gone: directory.usersGone ?? undefined,
    devices: devices?.devices, unassigned: devices?.unassigned, sessions: sessions?.sessionsLive,
    rejects: sessions?.rejects, waiting: mails?.waiting, dead: mails?.dead,
    profiles: PROFILE_STATUSES.map((status) => profiles?.byStatus?.[status]),
    expiresOn: directory.entraSecretExpiresOn,
  }, false, h('p', { class: 'hint', id: 'overview-time-zone' }, t('overview.tenantTimeZone', { zone: directory.timeZone })));
}

/** The cards of the figures; with links to the admin's screens behind them when {@code linked}. */
function draw(area, figures, linked, ...before) {
  const { users, disabledUsers, gone, devices, unassigned, sessions, rejects, waiting, dead, profiles, expiresOn } = figures;
  const open = (hash) => (linked ? [hash, t('overview.open')] : null);
  const cards = [
    card('overview-users', t('nav.users'), [[t('overview.users'), figure(users)],
      [t('overview.usersDisabled'), figure(disabledUsers)], [t('overview.usersGone'), figure(gone), gone > 0]],
    open('#/users')),
    card('overview-devices', t('nav.devices'), [[t('overview.devices'), figure(devices)],
      [t('overview.devicesUnassigned'), figure(unassigned)]], open('#/devices')),
    card('overview-profiles', t('nav.profiles'), PROFILE_STATUSES.map((status, n) =>
      [t(`profiles.status.${status}`), figure(profiles[n]), status === 'LINK_EXPIRED' && profiles[n] > 0]),
    open('#/profiles')),
    card('overview-sessions', t('nav.sessions'), [[t('overview.sessionsLive'), figure(sessions)]],
      open('#/sessions')),
    card('overview-rejects', t('overview.rejects'), rejects === undefined ? [[t('overview.rejectsTotal'), figure()]]
      : [[t('overview.rejectsTotal'), String(rejects.total)],
        ...Object.entries(rejects.byReason).sort((a, b) => b[1] - a[1])
          .map(([reason, count]) => [t(`decisions.reason.${reason}`), String(count)])],
    open('#/decisions')),
    card('overview-mails', t('nav.mail'), [[t('overview.mailsWaiting'), figure(waiting)],
      [t('overview.mailsDead'), figure(dead), dead > 0]], open('#/mail')),
  ];
  if (expiresOn) {
    // days from today in the tenant's zone to the expiry date (both plain dates)
    const days = Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today()}T00:00:00Z`)) / DAY_MS);
    cards.push(card('overview-secret', t('overview.secret'), [[t('entra.secretExpiresOn'), formatDate(expiresOn)],
      [t('overview.secretDays'), days < 0 ? t('overview.secretExpired') : t('overview.days', { days }),
        days <= SECRET_WARNING_DAYS]], open('#/settings')));
  }
  area.replaceChildren(...before, ...cards);
}
