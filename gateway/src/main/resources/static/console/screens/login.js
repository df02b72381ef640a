// ログイン (guide 2): login id and password from the registration notice.
import { post } from '../api.js';
import { t } from '../i18n.js';
import { Errors, field, h, show } from '../ui.js';

export function render(context) {
  const loginId = field({ id: 'login-id', label: t('login.loginId'), required: true, autocomplete: 'username' });
  const password = field({ id: 'login-password', label: t('login.password'), type: 'password', required: true,
    autocomplete: 'current-password' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, t('login.submit'));
  const form = h('form', { novalidate: true, 'aria-labelledby': 'login-heading' },
    h('p', { class: 'hint' }, t('login.hint')), loginId.wrapper, password.wrapper);
  const errors = new Errors(form, 'login-error');
  form.append(h('div', { class: 'actions' }, submit), errors.actionError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[loginId.input, t('login.loginId')], [password.input, t('login.password')]])) return;
    submit.disabled = true;
    try {
      const answer = await post('/ui/session/login', { loginId: loginId.input.value.trim(), password: password.input.value });
      await context.signedIn(answer);
      history.replaceState(null, '', '/');
      context.navigate(answer.passwordChangeRequired ? '#/password' : context.home());
    } catch (error) {
      password.input.value = '';
      errors.show(error, { fieldIds: { loginId: 'login-id', password: 'login-password' } });
      submit.disabled = false;
    }
  });
  show(h('section', { class: 'card narrow' }, h('h1', { id: 'login-heading' }, t('login.heading')), form));
}
