// パスワード変更 (guide 2, R-ACC-1): current and new password; forced at the first login.
import { post } from '../api.js';
import { t } from '../i18n.js';
import { Errors, field, flash, h, show } from '../ui.js';

export function render(context, { forced = false } = {}) {
  const current = field({ id: 'password-current', label: t('password.current'), type: 'password', required: true,
    autocomplete: 'current-password' });
  const next = field({ id: 'password-new', label: t('password.new'), type: 'password', required: true,
    autocomplete: 'new-password', hint: t('password.rule') });
  const confirm = field({ id: 'password-confirm', label: t('password.confirm'), type: 'password', required: true,
    autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'password-submit' }, t('password.submit'));
  const form = h('form', { novalidate: true, 'aria-labelledby': 'password-heading' },
    forced ? h('p', { class: 'hint', id: 'password-forced' }, t('password.forced')) : null,
    current.wrapper, next.wrapper, confirm.wrapper);
  const errors = new Errors(form, 'password-error');
  form.append(h('div', { class: 'actions' }, submit,
    forced ? null : h('a', { href: '#/account' }, t('common.cancel'))), errors.actionError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[current.input, t('password.current')], [next.input, t('password.new')],
      [confirm.input, t('password.confirm')]])) return;
    if (next.input.value !== confirm.input.value) return errors.at('password-confirm', t('password.mismatch'));
    submit.disabled = true;
    try {
      const answer = await post('/ui/session/password',
        { currentPassword: current.input.value, newPassword: next.input.value });
      await context.signedIn(answer);
      flash(t('password.done'));
      context.navigate(context.home());
    } catch (error) {
      errors.show(error, {
        fieldIds: { currentPassword: 'password-current', newPassword: 'password-new' },
        slugFields: { 'current-password-wrong': 'password-current', 'password-too-weak': 'password-new',
          'password-unchanged': 'password-new' },
      });
      submit.disabled = false;
    }
  });
  show(h('section', { class: 'card narrow' }, h('h1', { id: 'password-heading' }, t('password.heading')), form));
}
