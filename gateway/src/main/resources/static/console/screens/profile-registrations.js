// ユーザプロフィール一括登録 (guide 4-4's ⊕ link): a CSV file with ユーザプロフィールID, メールアドレス and
// 接続許可 sets, for many profiles at once, where their download notice goes and whether they may
// connect. 確認 (dry run) shows the encoding read and each row's outcome; 登録 writes all or
// nothing. The current values download as a CSV (UTF-8 or Shift_JIS) to fill in and import again.
import { postText } from '../api.js';
import { t } from '../i18n.js';
import { dialog, flash, h, table } from '../ui.js';

const COLUMNS = { profile: 'profiles.id', mail: 'profiles.mail', connectionAllowed: 'profiles.connection' };

export function registrationDialog(reload) {
  const input = h('input', { type: 'file', id: 'profiles-register-file', accept: '.csv,text/csv',
    'aria-describedby': 'profiles-register-hint profiles-register-error' });
  const error = h('p', { class: 'error', id: 'profiles-register-error', role: 'alert' });
  const preview = h('div', { id: 'profiles-register-preview', 'aria-live': 'polite' });
  let file = null;

  function report(answer) {
    preview.replaceChildren(
      h('p', { id: 'profiles-register-summary' }, t('profiles.registerSummary', { encoding: answer.encoding,
        changed: answer.changed, unchanged: answer.unchanged })),
      table(t('profiles.registerRows'), [
        { label: t('profiles.registerLine'), cell: (row) => String(row.line) },
        { label: t('profiles.id'), cell: (row) => row.name },
        { label: t('profiles.mail'), cell: (row) => row.mail || t('profiles.directoryMail') },
        { label: t('profiles.connection'), cell: (row) => t(row.connectionAllowed ? 'common.enabled' : 'common.disabled') },
        { label: t('profiles.registerOutcome'), cell: (row) => t(`profiles.registerOutcome.${row.outcome}`) },
      ], answer.rows));
  }

  function showProblem(problem) {
    error.textContent = problem.message;
    const errors = problem.problem?.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      preview.replaceChildren(table(t('profiles.registerErrors'), [
        { label: t('profiles.registerLine'), cell: (entry) => (entry.line ? String(entry.line) : '') },
        { label: t('profiles.registerColumn'), cell: (entry) => (COLUMNS[entry.field] ? t(COLUMNS[entry.field]) : '') },
        { label: t('profiles.registerMessage'), cell: (entry) => entry.message },
      ], errors));
    }
  }

  const register = h('button', { type: 'button', class: 'primary', id: 'profiles-register-submit', disabled: true,
    onclick: async () => {
      error.textContent = '';
      register.disabled = true;
      check.disabled = true;
      try {
        const answer = await postText('/api/profiles/registrations', file, 'text/csv');
        box.close();
        await reload();
        flash(t('profiles.registered', { changed: answer.changed, unchanged: answer.unchanged }));
      } catch (problem) {
        showProblem(problem);
      } finally {
        check.disabled = false;
      }
    } }, t('profiles.registerSubmit'));
  const check = h('button', { type: 'button', class: 'secondary', id: 'profiles-register-check',
    onclick: async () => {
      error.textContent = '';
      preview.replaceChildren();
      register.disabled = true;
      [file] = input.files;
      if (!file) {
        error.textContent = t('profiles.registerChoose');
        input.focus();
        return;
      }
      try {
        // the file's bytes as they are: the server tells UTF-8 from Shift_JIS (CP932)
        const answer = await postText('/api/profiles/registrations?dryRun=true', file, 'text/csv');
        report(answer);
        register.disabled = false;
      } catch (problem) {
        showProblem(problem);
      }
    } }, t('profiles.registerCheck'));
  input.addEventListener('change', () => { register.disabled = true; preview.replaceChildren(); });

  const close = h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.close'));
  const box = dialog(t('profiles.register'),
    h('p', { class: 'hint', id: 'profiles-register-hint' }, t('profiles.registerHint')),
    h('p', {}, t('profiles.registerExport'), ' ',
      h('a', { href: '/api/profiles/registrations?encoding=utf-8', download: 'user-profiles.csv', id: 'profiles-register-export' },
        'UTF-8'), ' / ',
      h('a', { href: '/api/profiles/registrations?encoding=cp932', download: 'user-profiles.csv',
        id: 'profiles-register-export-sjis' }, 'Shift_JIS (CP932)')),
    h('div', { class: 'field' }, h('label', { for: 'profiles-register-file' }, t('profiles.registerFile')), input),
    h('div', { class: 'actions' }, check, register, close), error, preview);
  input.focus();
}
