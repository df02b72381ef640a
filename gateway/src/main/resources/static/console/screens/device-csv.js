// デバイス設定 › CSV import (R-DEV-3): choose a file (UTF-8 with or without BOM, or Shift_JIS as
// Excel saves it; the device list, its export, or the guide's preparation sheet ユーザ / デバイス名①
// / デバイス名②), choose 新規登録 or デバイス名で更新, see which encoding was read, every row error with
// its line and what each row would do first (dry run, nothing written), then import all or nothing.
import { postText, query } from '../api.js';
import { t } from '../i18n.js';
import { flash, h, selectField, table } from '../ui.js';

/** Rows of the dry run shown at most; the counts above the table cover the whole file. */
const SHOWN_RESULTS = 500;
const TYPE_LABELS = { WINDOWS: 'Windows', MAC: 'Mac', IOS: 'iOS', ANDROID: 'Android' };

export function csvImport(reload) {
  const input = h('input', { type: 'file', id: 'devices-csv-file', accept: '.csv,text/csv', 'aria-describedby': 'devices-csv-hint devices-csv-error' });
  const mode = selectField({ id: 'devices-csv-mode', label: t('devices.csvMode'),
    options: [['create', t('devices.csvModeCreate')], ['update', t('devices.csvModeUpdate')]], value: 'create',
    hint: t('devices.csvModeHint') });
  const error = h('p', { class: 'error', id: 'devices-csv-error', role: 'alert' });
  const preview = h('div', { id: 'devices-csv-preview', 'aria-live': 'polite' });
  // the file is sent as the bytes it holds: the service tells UTF-8 from Shift_JIS, the browser would not
  let file = null;
  let checkedMode = 'create';
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
        const answer = await postText(`/api/devices/csv/import${query({ mode: checkedMode })}`, file, 'text/csv');
        preview.replaceChildren(h('p', { id: 'devices-csv-done', role: 'status' }, t('devices.csvImportedReport', {
          encoding: answer.encoding, created: answer.created, changed: answer.changed, unchanged: answer.unchanged,
          assigned: answer.assigned })));
        input.value = '';
        file = null;
        await reload();
        flash(t('devices.csvImportedReport', { encoding: answer.encoding, created: answer.created,
          changed: answer.changed, unchanged: answer.unchanged, assigned: answer.assigned }));
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
      file = input.files[0] || null;
      if (!file) {
        error.textContent = t('devices.csvChoose');
        input.focus();
        return;
      }
      checkedMode = mode.input.value;
      try {
        const answer = await postText(`/api/devices/csv/dry-run${query({ mode: checkedMode })}`, file, 'text/csv');
        rowCount = answer.rows;
        preview.append(h('p', { id: 'devices-csv-encoding' }, t('devices.csvEncodingRead', {
          encoding: answer.encoding + (answer.byteOrderMark ? t('devices.csvWithBom') : '') })));
        if (answer.layout === 'sheet') preview.append(h('p', { id: 'devices-csv-layout', class: 'hint' }, t('devices.csvSheet')));
        preview.append(h('p', { id: 'devices-csv-summary' }, t('devices.csvSummary', { rows: answer.rows, valid: answer.validRows,
          errors: answer.errors.length })),
        h('p', { id: 'devices-csv-outcomes' }, t('devices.csvOutcomes', { created: answer.created, changed: answer.changed,
          unchanged: answer.unchanged })));
        showErrors(answer.errors);
        showResults(answer.results);
        importButton.disabled = answer.errors.length > 0 || answer.rows === 0;
      } catch (problem) {
        showErrors(problem.problem?.errors);
        error.textContent = problem.message;
      }
    } }, t('devices.csvCheck'));

  function showErrors(errors) {
    if (!Array.isArray(errors) || errors.length === 0) return;
    preview.append(table(t('devices.csvErrors'), [
      { label: t('devices.csvLine'), cell: (entry) => (entry.line ? String(entry.line) : '') },
      { label: t('devices.csvMessage'), cell: (entry) => entry.message },
    ], errors));
  }

  function showResults(results) {
    if (!Array.isArray(results) || results.length === 0) return;
    const shown = results.slice(0, SHOWN_RESULTS);
    const outcomes = table(t('devices.csvResults'), [
      { label: t('devices.csvLine'), cell: (row) => String(row.line) },
      { label: t('devices.name'), cell: (row) => row.name },
      { label: t('devices.type'), cell: (row) => TYPE_LABELS[row.type] || row.type },
      { label: t('devices.csvOutcome'), cell: (row) => t(`devices.csvOutcome.${row.outcome}`) },
      { label: t('devices.csvChanges'), cell: (row) => row.changeLabels.join('、') || '-' },
      { label: t('devices.user'), cell: (row) => row.assignedUser || '-' },
    ], shown);
    outcomes.id = 'devices-csv-results';
    preview.append(outcomes);
    if (results.length > shown.length) {
      preview.append(h('p', { class: 'hint' }, t('devices.csvResultsMore', { shown: shown.length, total: results.length })));
    }
  }

  return h('section', { class: 'card', 'aria-labelledby': 'devices-csv-heading' },
    h('h2', { id: 'devices-csv-heading' }, t('devices.csvHeading')),
    h('div', { class: 'field' }, h('label', { for: 'devices-csv-file' }, t('devices.csvFile')), input,
      h('p', { class: 'hint', id: 'devices-csv-hint' }, t('devices.csvHint'), ' ',
        h('a', { href: '/api/devices/csv/template', download: 'devices-template.csv', id: 'devices-csv-template' }, t('devices.csvTemplate')))),
    mode.wrapper,
    h('div', { class: 'actions' }, check, importButton), error, preview);
}
