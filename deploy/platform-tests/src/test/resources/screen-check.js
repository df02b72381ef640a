// What an admin must never see on a console screen, read from the DOM of the page as shown: raw
// codes, internal names, a time whose zone the screen does not name, a day/month/year date, text
// overflowing its box, a header broken over lines, a menu bar wrapped onto several rows.
// arguments[0]: words the services use internally (API property names with a capital or an
// underscore, enum codes), which the console must show by their screen labels instead.
// Returns one line per finding.
const internal = new Set(arguments[0]);
// the console only (its brand in the top bar): the mail catcher's page is the lab's, not the product's
if (!document.getElementById('brand')) return [];
const findings = [];
const seen = new Set();
const add = (kind, text, el) => {
  const where = el ? (el.id ? '#' + el.id : el.tagName.toLowerCase()) : '';
  const line = kind + ': «' + text.trim().slice(0, 80) + '» in ' + where;
  if (!seen.has(line)) { seen.add(line); findings.push(line); }
};
const visible = (el) => {
  if (!el || !el.isConnected) return false;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
};
// text typed by people (names, addresses, file contents) is theirs to choose; a CSV file's column
// names and values, shown in the CSV hints, dry runs and their errors, are the file's own words
const people = 'input, textarea, select, code, pre, script, style, .user-text, [data-user-text], '
  + '[id*="-csv"], [id^="profiles-register"]';
// codes that are also the word the screen uses for the thing (MAC アドレス, LDAPS, CP932)
const alsoWords = new Set(['MAC', 'LDAPS', 'CP932', 'LDAP', 'DNS', 'VPN', 'CSV', 'PAP', 'UTF', 'IPV4', 'IPV6']);

// 1. raw codes and internal field names in visible text
const ENUM_LIKE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  const text = node.textContent;
  if (!text.trim() || !visible(el) || el.closest(people)) continue;
  for (const match of text.matchAll(ENUM_LIKE)) add('raw code', match[0], el);
  for (const word of text.split(/[^A-Za-z0-9_]+/)) {
    if (word.length > 2 && internal.has(word) && !alsoWords.has(word)) add('internal name', word, el);
  }
}

// 1b. dates: one clock, named on the screen (the footer's zone note), ISO-like (2026-12-07 16:05 or
// 2026/12/07 16:05), never a browser-style day/month/year
const DATE_TIME = /\b\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}/;
const DAY_FIRST = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/;
const zoneNote = document.getElementById('time-zone-note');
const zoneNamed = zoneNote && visible(zoneNote) && zoneNote.textContent.trim().length > 0;
const dated = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = dated.nextNode(); node; node = dated.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || !visible(el) || el.closest(people)) continue;
  if (DATE_TIME.test(node.textContent) && !zoneNamed) add('time without its zone named', node.textContent, el);
  if (DAY_FIRST.test(node.textContent)) add('date not ISO-like', node.textContent, el);
}

// 2. text overflowing its cell, button or badge (unless cut on purpose with an ellipsis)
for (const el of document.querySelectorAll('td, th, button, .badge, label, .nav a, nav a')) {
  if (!visible(el) || el.closest('.table-wrap[data-scroll]')) continue;
  const style = getComputedStyle(el);
  const clipped = style.textOverflow === 'ellipsis';
  if (!clipped && el.scrollWidth > el.clientWidth + 2 && el.clientWidth > 0) add('overflows its box', el.textContent, el);
}

// 3. a column header broken over lines (a Japanese word split: 「デバイス/名」)
for (const th of document.querySelectorAll('th')) {
  if (!visible(th) || !th.textContent.trim()) continue;
  const range = document.createRange();
  range.selectNodeContents(th);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  if (tops.size > 1) add('header on ' + tops.size + ' lines', th.textContent, th);
}

// 4. the menu on one row
const nav = document.querySelector('nav');
const navBox = nav && visible(nav) ? nav.getBoundingClientRect() : null;
if (navBox && navBox.width > navBox.height) { // a menu bar (a side bar is a column by design)
  const tops = new Set([...nav.querySelectorAll('a, button')].filter(visible).map(a => Math.round(a.getBoundingClientRect().top)));
  if (tops.size > 1) add('menu on ' + tops.size + ' rows', nav.textContent.replace(/\s+/g, ' '), nav);
}
return findings;
