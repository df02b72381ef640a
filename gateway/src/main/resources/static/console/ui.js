// Small DOM helpers shared by the screens: labelled fields with their error slot, problem
// details shown next to the field or action that caused them, tables, pagers, dialogs.
import { t } from './i18n.js';

/** h('button', {class: 'primary', onclick: fn}, 'text', child...) */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  Object.entries(attrs).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (name.startsWith('on')) element.addEventListener(name.substring(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  });
  children.flat().forEach((child) => {
    if (child === undefined || child === null || child === false) return;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  });
  return element;
}

/**
 * A labelled input (or, with rows, a textarea) with optional hint and its error slot
 * (aria-describedby both).
 */
export function field({ id, label, type = 'text', required = false, hint, autocomplete, value, min, max, optional, rows }) {
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const input = rows
    ? h('textarea', { id, name: id, rows: String(rows), required, 'aria-describedby': describedBy,
      'aria-required': required ? 'true' : null })
    : h('input', {
      id, name: id, type, required, autocomplete, min, max,
      'aria-describedby': describedBy, 'aria-required': required ? 'true' : null,
    });
  if (value !== undefined) input.value = value;
  const labelElement = h('label', { for: id }, label,
    required ? h('span', { class: 'req' }, t('common.required')) : null,
    optional ? h('span', { class: 'hint' }, ` (${t('common.optional')})`) : null);
  const wrapper = h('div', { class: 'field' }, labelElement, input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'error', id: `${id}-error`, 'aria-live': 'polite' }));
  return { wrapper, input };
}

/**
 * A form's error handling: every field error next to its field, all at once, with a summary at
 * the action ("3 件の入力内容を確認してください") so the admin sees them together.
 */
export class Errors {
  constructor(form, actionErrorId) {
    this.form = form;
    this.actionError = h('p', { class: 'error', id: actionErrorId, role: 'alert' });
  }

  clear() {
    this.form.querySelectorAll('.error').forEach((slot) => { slot.textContent = ''; });
    this.form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
    this.actionError.textContent = '';
  }

  /** Marks one field with a message and moves the focus to it; false when the form has no such field. */
  at(fieldId, message) {
    const input = this.form.querySelector(`#${fieldId}`);
    const slot = this.form.querySelector(`#${fieldId}-error`);
    if (!input || !slot) {
      this.actionError.textContent = message;
      return false;
    }
    slot.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return true;
  }

  /**
   * Marks every empty one of [[input, label], ...] with the one "required" wording
   * (「ラベル」を入力してください。), the first focused, and a summary; true when any was empty.
   */
  requireAll(entries) {
    this.clear();
    const missing = entries.filter(([input]) => !input.closest('[hidden]') && !String(input.value || '').trim());
    missing.slice().reverse().forEach(([input, label]) => this.at(input.id, t('common.requiredField', { name: label })));
    if (missing.length > 1) this.actionError.textContent = t('common.errorSummary', { count: missing.length });
    return missing.length > 0;
  }

  /**
   * Shows an ApiError: each of problem.errors[] at its field (server field name → input id in
   * fieldIds), a problem whose type is in slugFields at that field, anything else at the action.
   * The messages name the field as the screen does (the services word them so); never the
   * server's field name.
   */
  show(error, { fieldIds = {}, slugFields = {} } = {}) {
    this.clear();
    const problem = error.problem || {};
    const fieldErrors = Array.isArray(problem.errors) ? problem.errors : [];
    const idOf = (entry) => fieldIds[entry.field] || fieldIds[String(entry.field || '').replace(/\[.*$/, '')];
    const placed = fieldErrors.filter((entry) => idOf(entry) && this.form.querySelector(`#${idOf(entry)}`));
    const unplaced = fieldErrors.filter((entry) => !placed.includes(entry));
    // one message per field (the first the server gave), the first field focused last
    const seen = new Set();
    placed.filter((entry) => !seen.has(idOf(entry)) && seen.add(idOf(entry)))
      .reverse().forEach((entry) => this.at(idOf(entry), entry.message));
    // a problem naming one field (its "field" property) or known by its type goes to that field
    const single = fieldIds[problem.field] || slugFields[error.slug];
    if (placed.length === 0 && single && this.form.querySelector(`#${single}`)) {
      this.at(single, error.message);
      return;
    }
    const extra = unplaced.map((entry) => entry.message).filter(Boolean);
    if (placed.length > 0) {
      this.actionError.textContent = [t('common.errorSummary', { count: fieldErrors.length }), ...extra].join(' ');
    } else {
      this.actionError.textContent = [error.message, ...extra].join(' ');
    }
  }
}

/**
 * A table with a caption; columns: [{label, cell: row => node|string, class?}]. empty: what the
 * admin reads (and should do next) when there are no rows; the default says only that nothing matches.
 */
export function table(caption, columns, rows, { empty } = {}) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.class }, column.label)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: String(columns.length), class: 'empty-state' }, empty || t('common.empty')))
      : rows.map((row) => h('tr', {}, columns.map((column) => h('td', { class: column.class }, column.cell(row))))))));
}

/**
 * A status as a badge: colour and text together (never colour alone). tone: ok (green), off
 * (grey), warn (amber), bad (red), info (blue).
 */
export function badge(text, tone = 'info') {
  return h('span', { class: `badge badge-${tone}` }, text);
}

/** A long value cut with an ellipsis at the column's width; the whole value on hover (title) and for screen readers. */
export function clip(value) {
  const text = value === undefined || value === null || value === '' ? '-' : String(value);
  return h('span', { class: 'clip', title: text }, text);
}

/** Previous/next with "page x of y"; page is zero-based. */
export function pager(page, pages, total, go) {
  const shownPages = Math.max(1, pages);
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'secondary', disabled: page <= 0, onclick: () => go(page - 1) }, t('common.prev')),
    h('span', {}, t('common.page', { page: page + 1, pages: shownPages, total })),
    h('button', { type: 'button', class: 'secondary', disabled: page + 1 >= shownPages, onclick: () => go(page + 1) },
      t('common.next')));
}

/** A modal dialog (native, keyboard-trapped, Esc closes); returns the dialog element. */
export function dialog(title, ...content) {
  const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
  const element = h('dialog', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), ...content);
  element.addEventListener('close', () => element.remove());
  document.body.append(element);
  element.showModal();
  return element;
}

/** Asks for confirmation in a dialog; resolves true on OK. */
export function confirmDialog(message) {
  return new Promise((resolve) => {
    let answer = false;
    const ok = h('button', { type: 'button', class: 'primary', id: 'confirm-ok', onclick: () => { answer = true; box.close(); } },
      t('common.ok'));
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'));
    const box = dialog(message, h('div', { class: 'actions' }, ok, cancel));
    box.addEventListener('close', () => resolve(answer));
    cancel.focus();
  });
}

let flashTimer;
/** A short status message under the menu bar, read out by screen readers. */
export function flash(message) {
  const slot = document.getElementById('flash');
  slot.textContent = message;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => { slot.textContent = ''; }, 8000);
}

/** Replaces the main area with a screen and moves the focus to its heading. */
export function show(...content) {
  const main = document.getElementById('main');
  main.replaceChildren(...content);
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

/** A labelled select; options: [[value, label, disabled?], ...]. */
export function selectField({ id, label, required = false, options, value, hint }) {
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const select = h('select', { id, name: id, required, 'aria-describedby': describedBy },
    options.map(([optionValue, optionLabel, disabled]) => h('option', { value: optionValue, disabled: !!disabled }, optionLabel)));
  if (value !== undefined) select.value = value;
  const wrapper = h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'req' }, t('common.required')) : null),
    select,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'error', id: `${id}-error`, 'aria-live': 'polite' }));
  return { wrapper, input: select };
}
