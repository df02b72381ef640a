// デバイス設定 › CSV import (R-DEV-3): choose a file, see every row error with its line first
// (dry run, nothing written), then import all or nothing.
import { postText } from '../api.js';
import { t } from '../i18n.js';
import { flash, h, table } from '../ui.js';

export function csvImport(reload) {
  const input = h('input', { type: 'file', id: 'devices-csv-file', accept: '.csv,text/csv', 'aria-describedby': 'devices-csv-hint devices-csv-error' });
  const error = h('p', { class: 'error', id: 'devices-csv-error', role: 'alert' });
  const preview = h('div', { id: 'devices-csv-preview', 'aria-live': 'polite' });
  let text = null;
  let rowCount = 0;
  const importButton = h('button', { type: 'button', class: 'primary', id: 'devices-csv-import', disabled: true,
    onclick: async () => {
      error.textContent = '';
      // a large file takes a while: say so, and do not let a second click import it twice
      importButton.disabled = true;
      check.disabled = true;
      const working = h('p', { id: 'devices-csv-working', role: 'status' },
        h('progress', { 'aria-labelledby': 'devices-csv-working-label' }), ' ',
        h('span', { id: 'devices-csv-working-label' }, t('devices.csvImporting', { rows: rowCount })));
      preview.append(working);
      try {
        const answer = await postText('/api/devices/csv/import', text, 'text/csv; charset=utf-8');
        preview.replaceChildren();
        input.value = '';
        await reload();
        flash(t('devices.csvImported', { created: answer.created }));
      } catch (problem) {
        working.remove();
        importButton.disabled = false;
        showErrors(problem.problem?.errors);
        error.textContent = problem.message;
      } finally {
        check.disabled = false;
      }
    } }, t('devices.csvImport'));
  const check = h('button', { type: 'button', class: 'secondary', id: 'devices-csv-check',
    onclick: async () => {
      error.textContent = '';
      preview.replaceChildren();
      importButton.disabled = true;
      const file = input.files[0];
      if (!file) {
        error.textContent = t('devices.csvChoose');
        input.focus();
        return;
      }
      text = await file.text();
      try {
        const answer = await postText('/api/devices/csv/dry-run', text, 'text/csv; charset=utf-8');
        rowCount = answer.rows;
        preview.append(h('p', { id: 'devices-csv-summary' }, t('devices.csvSummary', { rows: answer.rows, valid: answer.validRows,
          errors: answer.errors.length })));
        showErrors(answer.errors);
        importButton.disabled = answer.errors.length > 0 || answer.rows === 0;
      } catch (problem) {
        error.textContent = problem.message;
      }
    } }, t('devices.csvCheck'));

  function showErrors(errors) {
    if (!Array.isArray(errors) || errors.length === 0) return;
    preview.append(table(t('devices.csvErrors'), [
      { label: t('devices.csvLine'), cell: (entry) => (entry.line ? String(entry.line) : '') },
      { label: t('devices.csvField'), cell: (entry) => entry.field || '' },
      { label: t('devices.csvMessage'), cell: (entry) => entry.message },
    ], errors));
  }

  return h('section', { class: 'card', 'aria-labelledby': 'devices-csv-heading' },
    h('h2', { id: 'devices-csv-heading' }, t('devices.csvHeading')),
    h('div', { class: 'field' }, h('label', { for: 'devices-csv-file' }, t('devices.csvFile')), input,
      h('p', { class: 'hint', id: 'devices-csv-hint' }, t('devices.csvHint'), ' ',
        h('a', { href: '/api/devices/csv/template', download: 'devices-template.csv', id: 'devices-csv-template' }, t('devices.csvTemplate')))),
    h('div', { class: 'actions' }, check, importButton), error, preview);
}
