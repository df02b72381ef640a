// Messages from i18n/<lang>.json; Japanese by default, the choice remembered in localStorage.
const STORAGE_KEY = 'sra.console.lang';
const SUPPORTED = ['ja', 'en'];
let messages = {};
let current = 'ja';

export function language() {
  return current;
}

export function storedLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  return SUPPORTED.includes(stored) ? stored : 'ja';
}

export async function load(lang) {
  const chosen = SUPPORTED.includes(lang) ? lang : 'ja';
  const answer = await fetch(`/console/i18n/${chosen}.json`, { cache: 'no-cache' });
  messages = await answer.json();
  current = chosen;
  localStorage.setItem(STORAGE_KEY, chosen);
  document.documentElement.lang = chosen;
  document.title = messages['app.title'];
}

/** The message for key with {name} placeholders filled in; the key itself if unknown. */
export function t(key, params = {}) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
}

/** The keys under a prefix (e.g. 'audit.action.'), without it, sorted by their message. */
export function keys(prefix) {
  return Object.keys(messages).filter((key) => key.startsWith(prefix)).map((key) => key.substring(prefix.length))
    .sort((a, b) => t(prefix + a).localeCompare(t(prefix + b), current));
}

// One clock: every time the console shows is in the tenant's time zone (全体設定's タイムゾーン,
// read once after login), never the browser's; Japanese 2026/12/07 16:05, English ISO-like
// 2026-12-07 16:05. The operator, who has no tenant, sees the platform's default zone.
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';
let zone = DEFAULT_TIME_ZONE;
const partsFormats = new Map();

/** The zone times are shown in (an IANA id). */
export function timeZone() {
  return zone;
}

/** Sets the zone times are shown in; an id the browser does not know keeps the default. */
export function setTimeZone(id) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: id || DEFAULT_TIME_ZONE });
    zone = id || DEFAULT_TIME_ZONE;
  } catch (e) {
    zone = DEFAULT_TIME_ZONE;
  }
}

/** year, month, day, hour, minute, second of an instant in the zone, as two-digit (four for the year) text. */
function partsOf(date, inZone = zone) {
  if (!partsFormats.has(inZone)) {
    partsFormats.set(inZone, new Intl.DateTimeFormat('en-CA', { timeZone: inZone, year: 'numeric', month: '2-digit',
      day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }));
  }
  const parts = {};
  partsFormats.get(inZone).formatToParts(date).forEach((part) => { parts[part.type] = part.value; });
  return parts;
}

/** The zone's short name at that instant (JST, CET, EST…), or its offset (GMT+9) where no name is usual. */
export function zoneAbbreviation(at = new Date(), inZone = zone) {
  const named = (locale) => new Intl.DateTimeFormat(locale, { timeZone: inZone, timeZoneName: 'short' })
    .formatToParts(at).find((part) => part.type === 'timeZoneName')?.value || '';
  for (const locale of ['ja-JP', 'en-GB', 'en-US']) {
    const name = named(locale);
    if (name && !/^(GMT|UTC)[+−-]/.test(name)) return name;
  }
  return named('en-GB');
}

/** 「Asia/Tokyo (JST)」: the zone as the footer and table headers name it. */
export function zoneLabel() {
  return `${zone} (${zoneAbbreviation()})`;
}

/** A time in the tenant's zone: 2026/12/07 16:05 (Japanese), 2026-12-07 16:05 (English). */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const p = partsOf(date);
  const sep = current === 'ja' ? '/' : '-';
  return `${p.year}${sep}${p.month}${sep}${p.day} ${p.hour}:${p.minute}`;
}

/** A date (yyyy-MM-dd, as the API writes dates) as the language writes it: 2026/12/07 or 2026-12-07. */
export function formatDate(day) {
  if (!day) return '';
  return current === 'ja' ? String(day).replaceAll('-', '/') : String(day);
}

/** Today in the tenant's zone, as yyyy-MM-dd. */
export function today() {
  const p = partsOf(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as the value of a datetime-local input, in the tenant's zone. */
export function zonedInput(iso) {
  if (!iso) return '';
  const p = partsOf(new Date(iso));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * A datetime-local value (a wall time in the tenant's zone) as an ISO instant; null when empty,
 * the text itself when unreadable (the server then says why).
 */
export function instantOfZoned(value) {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return value;
  const [, y, mo, d, hh, mi, ss] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, hh, mi, ss || 0);
  const offsetAt = (instant) => {
    const p = partsOf(new Date(instant));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute),
      Number(p.second)) - instant;
  };
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant); // again at the found instant: right across a summer-time change
  return new Date(instant).toISOString();
}

/** An IP address as people write it: IPv6 compressed (::1, not 0:0:0:0:0:0:0:1), lower case. */
export function formatAddress(text) {
  if (!text || !String(text).includes(':') || String(text).includes('::')) return text ? String(text).toLowerCase() : '';
  const groups = String(text).toLowerCase().split(':');
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return String(text);
  const short = groups.map((g) => g.replace(/^0+(?=.)/, ''));
  let best = -1;
  let bestLength = 1;
  for (let n = 0; n < 8;) {
    if (short[n] !== '0') { n += 1; continue; }
    const start = n;
    while (n < 8 && short[n] === '0') n += 1;
    if (n - start > bestLength) { best = start; bestLength = n - start; }
  }
  if (best < 0) return short.join(':');
  return `${short.slice(0, best).join(':')}::${short.slice(best + bestLength).join(':')}`;
}
