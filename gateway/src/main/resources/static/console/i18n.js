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

/** A time as the chosen language writes it (the browser's time zone). */
export function formatTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(current === 'ja' ? 'ja-JP' : 'en-GB');
}
