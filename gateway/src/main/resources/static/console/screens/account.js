// アカウント設定 (guide 2): the account, and the way to the password change (「変更」).
import { t, formatTime } from '../i18n.js';
import { h, show } from '../ui.js';

export function render(context) {
  const account = context.session.account;
  show(h('section', { class: 'card' },
    h('h1', {}, t('account.heading')),
    h('dl', { class: 'props' },
      h('dt', {}, t('account.loginId')), h('dd', { id: 'account-login-id' }, account.loginId),
      h('dt', {}, t('account.role')), h('dd', {}, t(`role.${account.role}`)),
      h('dt', {}, t('account.passwordChangedAt')), h('dd', {}, formatTime(account.passwordChangedAt) || '—'),
      h('dt', {}, t('account.password')),
      h('dd', {}, h('a', { href: '#/password', id: 'account-change-password', class: 'secondary' }, t('account.change'))))));
}
