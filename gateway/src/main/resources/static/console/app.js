// The console's shell: language, session (cookie, refreshed while the admin is active), menu
// bar by role, account menu, and the hash router that picks a screen.
import { DEFAULT_TIME_ZONE, load, setTimeZone, storedLanguage, t, zoneLabel } from './i18n.js';
import { get, post, whenSessionEnds } from './api.js';
import { flash, h } from './ui.js';
import * as login from './screens/login.js';
import * as password from './screens/password.js';
import * as account from './screens/account.js';
import * as tenants from './screens/tenants.js';
import * as nas from './screens/nas.js';
import * as tenantAdmins from './screens/tenant-admins.js';
import * as admins from './screens/admins.js';
import * as mail from './screens/mail.js';
import * as audit from './screens/audit.js';
import * as devices from './screens/devices.js';
import * as assignments from './screens/assignments.js';
import * as profiles from './screens/profiles.js';
import * as connection from './screens/connection.js';
import * as overview from './screens/overview.js';
import * as settings from './screens/settings.js';
import * as users from './screens/users.js';
import * as sessions from './screens/sessions.js';

const REFRESH_BEFORE_MS = 60_000;
const ACTIVE_WITHIN_MS = 10 * 60_000;

/**
 * Menu bar per role, grouped as in the guide (全体設定, 接続設定, 接続管理, then the logs); the
 * first entry is the role's home screen.
 */
const ADMIN_MENU = [
  { entries: [{ hash: '#/overview', key: 'nav.overview' }, { hash: '#/settings', key: 'nav.settings' }] },
  { group: 'nav.group.connectionSettings', entries: [{ hash: '#/users', key: 'nav.users' },
    { hash: '#/devices', key: 'nav.devices' }, { hash: '#/assignments', key: 'nav.assignments' },
    { hash: '#/profiles', key: 'nav.profiles' }] },
  { group: 'nav.group.connectionManagement', entries: [{ hash: '#/proxy', key: 'nav.proxy' },
    { hash: '#/local-segment', key: 'nav.localSegment' }, { hash: '#/sessions', key: 'nav.sessions' },
    { hash: '#/decisions', key: 'nav.decisions' }] },
  { entries: [{ hash: '#/audit', key: 'nav.audit' }, { hash: '#/mail', key: 'nav.mail' }] },
  { entries: [{ hash: '#/admins', key: 'nav.admins' }] },
];
const MENUS = {
  OPERATOR: [{ entries: [{ hash: '#/tenants', key: 'nav.tenants' }] }],
  ADMIN: ADMIN_MENU,
  AUDITOR: ADMIN_MENU,
};
const TENANT_ROLES = ['ADMIN', 'AUDITOR'];
const ROUTES = [
  { pattern: /^#\/tenants\/([^/]+)\/nas$/, roles: ['OPERATOR'], screen: nas },
  { pattern: /^#\/tenants\/([^/]+)\/admins$/, roles: ['OPERATOR'], screen: tenantAdmins },
  { pattern: /^#\/tenants\/([^/]+)\/overview$/, roles: ['OPERATOR'], screen: { render: overview.renderForOperator } },
  { pattern: /^#\/tenants$/, roles: ['OPERATOR'], screen: tenants },
  { pattern: /^#\/overview$/, roles: TENANT_ROLES, screen: overview },
  { pattern: /^#\/settings$/, roles: TENANT_ROLES, screen: settings },
  { pattern: /^#\/users$/, roles: TENANT_ROLES, screen: users },
  { pattern: /^#\/devices$/, roles: TENANT_ROLES, screen: devices },
  { pattern: /^#\/assignments$/, roles: TENANT_ROLES, screen: assignments },
  { pattern: /^#\/profiles$/, roles: TENANT_ROLES, screen: profiles },
  { pattern: /^#\/proxy$/, roles: TENANT_ROLES, screen: { render: connection.renderProxy } },
  { pattern: /^#\/local-segment$/, roles: TENANT_ROLES, screen: { render: connection.renderLocalSegment } },
  { pattern: /^#\/sessions$/, roles: TENANT_ROLES, screen: { render: sessions.renderSessions } },
  { pattern: /^#\/decisions$/, roles: TENANT_ROLES, screen: { render: sessions.renderDecisions } },
  { pattern: /^#\/audit$/, roles: TENANT_ROLES, screen: audit },
  { pattern: /^#\/mail$/, roles: TENANT_ROLES, screen: mail },
  { pattern: /^#\/admins$/, roles: TENANT_ROLES, screen: admins },
  { pattern: /^#\/account$/, roles: ['OPERATOR', 'ADMIN', 'AUDITOR'], screen: account },
  { pattern: /^#\/password$/, roles: ['OPERATOR', 'ADMIN', 'AUDITOR'], screen: password },
];

let session = null;
let zoneOfTenant = null;
let refreshTimer;
let lastActivity = Date.now();

const context = {
  get session() { return session; },
  /**
   * Takes a login, password-change or refresh answer of /ui/session/*; resolves once the tenant's
   * time zone is known, so that the first screen already shows its times in it.
   */
  async signedIn(answer) {
    session = answer;
    scheduleRefresh();
    await loadTimeZone();
    renderChrome();
  },
  /** The tenant's time zone changed in 全体設定: every time from now on is shown in it. */
  timeZoneChanged(id) {
    setTimeZone(id);
    renderChrome();
  },
  navigate(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  home() {
    return MENUS[session.account.role]?.[0]?.entries[0].hash ?? '#/account';
  },
  async logout() {
    try {
      await post('/ui/session/logout', undefined, { quietOn401: true });
    } catch (e) {
      // the gateway clears the cookies whatever directory-service answered
    }
    endSession();
    flash(t('account.loggedOut'));
  },
};

/**
 * One clock: the tenant's time zone (全体設定's タイムゾーン), read once per tenant after login; the
 * operator's console (no tenant) and a tenant whose settings cannot be read use the default zone.
 */
async function loadTimeZone() {
  const tenantId = session && !session.passwordChangeRequired && TENANT_ROLES.includes(session.account?.role)
    ? session.tenantId : null;
  if (tenantId === zoneOfTenant) return;
  zoneOfTenant = tenantId;
  if (!tenantId) {
    setTimeZone(DEFAULT_TIME_ZONE);
    return;
  }
  try {
    setTimeZone((await get('/api/settings')).timeZone);
  } catch (e) {
    setTimeZone(DEFAULT_TIME_ZONE);
    zoneOfTenant = null; // asked again after the next refresh
  }
}

function endSession() {
  session = null;
  zoneOfTenant = null;
  clearTimeout(refreshTimer);
  renderChrome();
  history.replaceState(null, '', '/login');
  render();
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!session?.expiresAt) return;
  const wait = Math.max(5_000, new Date(session.expiresAt).getTime() - Date.now() - REFRESH_BEFORE_MS);
  refreshTimer = setTimeout(async () => {
    if (!session || Date.now() - lastActivity > ACTIVE_WITHIN_MS) return;
    try {
      context.signedIn(await post('/ui/session/refresh', undefined, { quietOn401: true }));
    } catch (e) {
      // the next call answers 401 and brings the login screen back
    }
  }, wait);
}

function renderChrome() {
  document.getElementById('brand').textContent = t('app.title');
  document.getElementById('skip-link').textContent = t('app.console');
  document.getElementById('lang-label').textContent = t('lang.label');
  const nav = document.getElementById('nav');
  const accountBox = document.getElementById('account');
  const signedIn = session && !session.passwordChangeRequired;
  nav.hidden = !signedIn;
  const toggle = document.getElementById('nav-toggle');
  toggle.hidden = !signedIn;
  toggle.textContent = t('nav.toggle');
  const zoneNote = document.getElementById('time-zone-note');
  zoneNote.hidden = !signedIn;
  zoneNote.textContent = signedIn ? t('common.timeZoneNote', { zone: zoneLabel() }) : '';
  accountBox.hidden = !session;
  nav.setAttribute('aria-label', t('nav.label'));
  const link = (entry) => h('a', { href: entry.hash, id: `nav-${entry.hash.substring(2)}`,
    'aria-current': location.hash === entry.hash ? 'page' : null }, t(entry.key));
  nav.replaceChildren(...(signedIn ? (MENUS[session.account.role] || []) : []).map((part, index) => (part.group
    ? h('div', { class: 'nav-group', role: 'group', 'aria-labelledby': `nav-group-${index}` },
      h('span', { class: 'nav-group-label', id: `nav-group-${index}` }, t(part.group)), part.entries.map(link))
    : h('div', { class: 'nav-group' }, part.entries.map(link)))));
  if (session) {
    const button = document.getElementById('account-button');
    button.textContent = `${session.account.loginId} ▾`;
    button.setAttribute('aria-label', `${t('account.menu')}: ${session.account.loginId}`);
    document.getElementById('menu-settings').textContent = t('account.settings');
    document.getElementById('menu-settings').hidden = session.passwordChangeRequired;
    document.getElementById('menu-logout').textContent = t('account.logout');
  }
}

function render() {
  closeMenu();
  renderChrome();
  if (!session) {
    login.render(context);
    return;
  }
  if (session.passwordChangeRequired) {
    password.render(context, { forced: true });
    return;
  }
  const role = session.account.role;
  for (const route of ROUTES) {
    const match = location.hash.match(route.pattern);
    if (match && route.roles.includes(role)) {
      route.screen.render(context, ...match.slice(1).map(decodeURIComponent));
      return;
    }
  }
  history.replaceState(null, '', `/${context.home()}`);
  render();
}

function closeMenu() {
  // the folded menu of a narrow screen closes too once a screen is chosen
  document.body.classList.remove('nav-open');
  document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false');
  document.getElementById('account-menu').hidden = true;
  document.getElementById('account-button').setAttribute('aria-expanded', 'false');
}

function wireNavToggle() {
  const toggle = document.getElementById('nav-toggle');
  toggle.addEventListener('click', (event) => {
    event.stopPropagation();
    const open = !document.body.classList.contains('nav-open');
    document.body.classList.toggle('nav-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) document.querySelector('#nav a')?.focus();
  });
  document.getElementById('nav').addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('nav-open')) { closeMenu(); toggle.focus(); }
  });
}

function wireAccountMenu() {
  const button = document.getElementById('account-button');
  const menu = document.getElementById('account-menu');
  button.addEventListener('click', () => {
    const open = menu.hidden;
    menu.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) menu.querySelector('[role="menuitem"]:not([hidden])').focus();
  });
  menu.addEventListener('keydown', (event) => {
    const items = [...menu.querySelectorAll('[role="menuitem"]:not([hidden])')];
    const index = items.indexOf(document.activeElement);
    if (event.key === 'Escape') { closeMenu(); button.focus(); }
    if (event.key === 'ArrowDown') { event.preventDefault(); items[(index + 1) % items.length].focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); items[(index - 1 + items.length) % items.length].focus(); }
  });
  document.getElementById('menu-settings').addEventListener('click', closeMenu);
  document.getElementById('menu-logout').addEventListener('click', () => { closeMenu(); context.logout(); });
  document.addEventListener('click', (event) => {
    if (!event.target.closest('#account')) closeMenu();
  });
}

async function boot() {
  const select = document.getElementById('lang');
  await load(storedLanguage());
  select.value = storedLanguage();
  select.addEventListener('change', async () => {
    await load(select.value);
    render();
  });
  ['keydown', 'pointerdown'].forEach((type) => document.addEventListener(type, () => { lastActivity = Date.now(); }));
  wireAccountMenu();
  wireNavToggle();
  whenSessionEnds(() => {
    if (!session) return;
    endSession();
    flash(t('common.sessionEnded'));
  });
  window.addEventListener('hashchange', render);
  try {
    await context.signedIn(await post('/ui/session/refresh', undefined, { quietOn401: true }));
  } catch (e) {
    session = null;
  }
  render();
}

boot();
