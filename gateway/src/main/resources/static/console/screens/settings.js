// 全体設定 (guide §3, R-SET-1…8): 認証タイプ with the Active Directory and Microsoft Entra ID
// dialogs (or LOCAL), デバイスIDの自動登録 and 自動登録失敗時の通知, 通知メール宛先 (one per line),
// DNSサーバ primary/secondary, and the VPN network address (the operator's, read-only). As in the
// guide, a value is changed where it is shown: its link opens a small form under it (the guide's
// "吹き出し"), ✓ saves.
import { get, put } from '../api.js';
import { t, zoneAbbreviation } from '../i18n.js';
import { Errors, dialog, field, flash, h, selectField, show } from '../ui.js';

const AUTH_TYPES = ['ACTIVE_DIRECTORY', 'ENTRA_ID', 'LOCAL', 'UNSELECTED'];
const TRANSPORTS = ['PLAIN', 'STARTTLS', 'LDAPS'];

export function render(context) {
  const canWrite = context.session.account.role === 'ADMIN';
  const area = h('div', { id: 'settings' }, t('common.loading'));
  const loadError = h('p', { class: 'error', id: 'settings-error', role: 'alert' });

  async function reload(openRow) {
    let settings;
    try {
      settings = await get('/api/settings');
      loadError.textContent = '';
    } catch (error) {
      area.replaceChildren();
      loadError.textContent = error.message;
      return;
    }
    area.replaceChildren(
      h('table', { class: 'settings', id: 'settings-table' },
        h('caption', { class: 'visually-hidden' }, t('settings.heading')),
        h('tbody', {},
          authTypeRow(settings),
          registrationRow(settings),
          addressesRow(settings),
          mailLanguageRow(settings),
          timeZoneRow(settings),
          dnsRow(settings, 'primaryDns', 'primary'),
          dnsRow(settings, 'secondaryDns', 'secondary'),
          h('tr', {}, h('th', { scope: 'row' }, t('settings.vpnPool')),
            h('td', { id: 'settings-vpn-pool' }, settings.vpnPool || t('common.none'),
              h('p', { class: 'hint' }, t('settings.vpnPoolHint')))))));
    if (openRow) area.querySelector(`#${openRow}`)?.focus();
  }

  /** A value shown as a link-like button; with write access it opens its form under it. */
  function editable(id, text, editor) {
    if (!canWrite) return h('span', { id: `${id}-value` }, text);
    const slot = h('div', { class: 'balloon', id: `${id}-editor`, hidden: true });
    const button = h('button', { type: 'button', class: 'link', id: `${id}-value`, 'aria-expanded': 'false',
      'aria-controls': `${id}-editor`,
      onclick: () => {
        const open = slot.hidden;
        slot.hidden = !open;
        button.setAttribute('aria-expanded', String(open));
        if (open) {
          slot.replaceChildren(editor(() => { slot.hidden = true; button.setAttribute('aria-expanded', 'false'); button.focus(); }));
          slot.querySelector('input, select, textarea')?.focus();
        }
      } }, text);
    return h('div', {}, button, slot);
  }

  /** The ✓ / × of a balloon form. */
  const balloonActions = (id, close) => h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: `${id}-submit`, 'aria-label': t('common.set') }, `✓ ${t('common.set')}`),
    h('button', { type: 'button', class: 'secondary', onclick: close }, t('common.cancel')));

  function authTypeRow(settings) {
    const value = t(`settings.authType.${settings.authType}`);
    const details = [];
    if (settings.authType === 'ACTIVE_DIRECTORY' && settings.activeDirectory) {
      const ad = settings.activeDirectory;
      details.push(h('dl', { class: 'props', id: 'settings-ad-summary' },
        h('dt', {}, t('ad.primary')), h('dd', {}, `${ad.primaryHost} (${ad.primaryIp})`),
        ad.secondaryHost ? [h('dt', {}, t('ad.secondary')), h('dd', {}, `${ad.secondaryHost} (${ad.secondaryIp})`)] : null,
        h('dt', {}, t('ad.domain')), h('dd', {}, ad.domain),
        h('dt', {}, t('ad.adminUser')), h('dd', {}, ad.adminUser),
        ad.netbiosDomain ? [h('dt', {}, t('ad.netbios')), h('dd', {}, ad.netbiosDomain)] : null,
        h('dt', {}, t('ad.transport')), h('dd', { id: 'settings-ad-transport' }, t(`ad.transport.${ad.transport || 'PLAIN'}`),
          // unencrypted LDAP is marked wherever it is shown
          (ad.transport || 'PLAIN') === 'PLAIN'
            ? h('span', { class: 'warning', id: 'settings-ad-unencrypted' }, ` ${t('ad.transport.plainWarning')}`) : null),
        h('dt', {}, t('ad.caCertificates')), h('dd', { id: 'settings-ad-ca' }, caSummary(ad))));
      if (canWrite) {
        details.push(h('button', { type: 'button', class: 'secondary', id: 'settings-ad-edit',
          onclick: () => activeDirectoryDialog(settings.activeDirectory, reload) }, t('settings.editAd')));
      }
    }
    if (settings.authType === 'ENTRA_ID' && settings.entraId) {
      const entra = settings.entraId;
      details.push(h('dl', { class: 'props', id: 'settings-entra-summary' },
        h('dt', {}, t('entra.clientId')), h('dd', {}, entra.clientId),
        h('dt', {}, t('entra.domain')), h('dd', {}, entra.domain),
        h('dt', {}, t('entra.secretExpiresOn')), h('dd', {}, entra.secretExpiresOn || '')));
      if (canWrite) {
        details.push(h('button', { type: 'button', class: 'secondary', id: 'settings-entra-edit',
          onclick: () => entraDialog(settings.entraId, reload) }, t('settings.editEntra')));
      }
    }
    return h('tr', {}, h('th', { scope: 'row' }, t('settings.authType')),
      h('td', {}, editable('settings-auth', value, (close) => {
        const choice = selectField({ id: 'settings-auth-type', label: t('settings.authType'), required: true,
          options: AUTH_TYPES.map((type) => [type, t(`settings.authType.${type}`)]), value: settings.authType,
          hint: t('settings.authTypeHint') });
        const form = h('form', { novalidate: true }, choice.wrapper);
        const errors = new Errors(form, 'settings-auth-error');
        form.append(balloonActions('settings-auth', close), errors.actionError);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          errors.clear();
          const chosen = choice.input.value;
          if (chosen === 'ACTIVE_DIRECTORY') { close(); activeDirectoryDialog(settings.activeDirectory, reload); return; }
          if (chosen === 'ENTRA_ID') { close(); entraDialog(settings.entraId, reload); return; }
          try {
            await put('/api/settings/auth-type', { authType: chosen });
            await reload('settings-auth-value');
            flash(t('settings.saved', { item: t('settings.authType') }));
          } catch (error) {
            errors.show(error, { fieldIds: { authType: 'settings-auth-type' } });
          }
        });
        return form;
      }), ...details));
  }

  function registrationRow(settings) {
    const text = `${t(settings.autoRegistration ? 'common.enabled' : 'common.disabled')} / ${t('settings.notifyOnFailure')}: ${
      t(settings.notifyOnFailure ? 'settings.yes' : 'settings.no')}`;
    return h('tr', {}, h('th', { scope: 'row' }, t('settings.autoRegistration')),
      h('td', {}, editable('settings-registration', text, (close) => {
        const auto = selectField({ id: 'settings-auto-registration', label: t('settings.autoRegistration'), required: true,
          options: [['true', t('common.enabled')], ['false', t('common.disabled')]], value: String(settings.autoRegistration),
          hint: t('settings.autoRegistrationHint') });
        const notify = selectField({ id: 'settings-notify', label: t('settings.notifyOnFailure'), required: true,
          options: [['true', t('settings.yes')], ['false', t('settings.no')]], value: String(settings.notifyOnFailure),
          hint: t('settings.notifyHint') });
        const form = h('form', { novalidate: true }, auto.wrapper, notify.wrapper);
        const errors = new Errors(form, 'settings-registration-error');
        form.append(balloonActions('settings-registration', close), errors.actionError);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          errors.clear();
          try {
            await put('/api/settings/device-registration', { autoRegistration: auto.input.value === 'true',
              notifyOnFailure: notify.input.value === 'true' });
            await reload('settings-registration-value');
            flash(t('settings.saved', { item: t('settings.autoRegistration') }));
          } catch (error) {
            errors.show(error, { fieldIds: { autoRegistration: 'settings-auto-registration', notifyOnFailure: 'settings-notify' } });
          }
        });
        return form;
      }), h('p', { class: 'hint' }, t('settings.autoRegistrationNote'))));
  }

  function addressesRow(settings) {
    const list = settings.notificationAddresses || [];
    const shown = list.length ? h('span', { class: 'lines' }, list.join('\n')) : t('common.none');
    return h('tr', {}, h('th', { scope: 'row' }, t('settings.addresses')),
      h('td', {}, editable('settings-addresses', shown, (close) => {
        const lines = field({ id: 'settings-addresses', label: t('settings.addresses'), rows: 5, value: list.join('\n'),
          hint: t('settings.addressesHint') });
        const form = h('form', { novalidate: true }, lines.wrapper);
        const errors = new Errors(form, 'settings-addresses-action-error');
        form.append(balloonActions('settings-addresses', close), errors.actionError);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          errors.clear();
          try {
            await put('/api/settings/notification-addresses', { addresses: lines.input.value });
            await reload('settings-addresses-value');
            flash(t('settings.saved', { item: t('settings.addresses') }));
          } catch (error) {
            errors.show(error, { fieldIds: { addresses: 'settings-addresses' } });
          }
        });
        return form;
      })));
  }

  /** メールの言語: the language of every mail to the tenant's admins (ja default). */
  function mailLanguageRow(settings) {
    const current = settings.mailLanguage || 'ja';
    return h('tr', {}, h('th', { scope: 'row' }, t('settings.mailLanguage')),
      h('td', {}, editable('settings-mail-language', t(`settings.mailLanguage.${current}`), (close) => {
        const choice = selectField({ id: 'settings-mail-language', label: t('settings.mailLanguage'), required: true,
          options: [['ja', t('settings.mailLanguage.ja')], ['en', t('settings.mailLanguage.en')]], value: current,
          hint: t('settings.mailLanguageHint') });
        const form = h('form', { novalidate: true }, choice.wrapper);
        const errors = new Errors(form, 'settings-mail-language-action-error');
        form.append(balloonActions('settings-mail-language', close), errors.actionError);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          errors.clear();
          try {
            await put('/api/settings/mail-language', { mailLanguage: choice.input.value });
            await reload('settings-mail-language-value');
            flash(t('settings.saved', { item: t('settings.mailLanguage') }));
          } catch (error) {
            errors.show(error, { fieldIds: { mailLanguage: 'settings-mail-language' } });
          }
        });
        return form;
      })));
  }

  /**
   * タイムゾーン: the zone every time of the tenant is shown in — this console, the mails, the
   * exports — and its daily jobs count days in (Asia/Tokyo default). The choices are the server's.
   */
  function timeZoneRow(settings) {
    const current = settings.timeZone || 'Asia/Tokyo';
    const shown = `${current} (${zoneAbbreviation(new Date(), current)})`;
    return h('tr', {}, h('th', { scope: 'row' }, t('settings.timeZone')),
      h('td', {}, editable('settings-time-zone', shown, (close) => {
        const choice = selectField({ id: 'settings-time-zone', label: t('settings.timeZone'), required: true,
          options: [[current, current]], value: current, hint: t('settings.timeZoneHint') });
        get('/api/settings/time-zones').then((zones) => {
          choice.input.replaceChildren(...zones.map((zone) => h('option', { value: zone }, zone)));
          choice.input.value = current;
        }).catch(() => {});
        const form = h('form', { novalidate: true }, choice.wrapper);
        const errors = new Errors(form, 'settings-time-zone-action-error');
        form.append(balloonActions('settings-time-zone', close), errors.actionError);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          errors.clear();
          try {
            const saved = await put('/api/settings/time-zone', { timeZone: choice.input.value });
            context.timeZoneChanged(saved.timeZone);
            await reload('settings-time-zone-value');
            flash(t('settings.saved', { item: t('settings.timeZone') }));
          } catch (error) {
            errors.show(error, { fieldIds: { timeZone: 'settings-time-zone' } });
          }
        });
        return form;
      })));
  }

  function dnsRow(settings, key, which) {
    const id = `settings-dns-${which}`;
    return h('tr', {}, h('th', { scope: 'row' }, `${t('settings.dns')} ${t(`settings.dns.${which}`)}`),
      h('td', {}, editable(id, settings[key] || t('common.none'), (close) => {
        const address = field({ id, label: `${t('settings.dns')} ${t(`settings.dns.${which}`)}`, value: settings[key] || '',
          hint: t('settings.dnsHint') });
        const form = h('form', { novalidate: true }, address.wrapper);
        const errors = new Errors(form, `${id}-action-error`);
        form.append(balloonActions(id, close), errors.actionError);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          errors.clear();
          const body = { primaryDns: settings.primaryDns || '', secondaryDns: settings.secondaryDns || '' };
          body[key] = address.input.value.trim();
          try {
            await put('/api/settings/dns', body);
            await reload(`${id}-value`);
            flash(t('settings.saved', { item: t('settings.dns') }));
          } catch (error) {
            // the problem names primaryDns or secondaryDns; only this row's field is on screen
            errors.show(error, { fieldIds: { [key]: id } });
          }
        });
        return form;
      })));
  }

  show(h('section', {}, h('h1', {}, t('settings.heading')), h('p', { class: 'hint' }, t('settings.intro')), loadError, area));
  reload();
}

/** The registered CA certificates as subject and expiry, or that none is registered. */
function caSummary(ad) {
  const certificates = ad.caCertificates || [];
  if (!certificates.length) return t('ad.caNone');
  return h('ul', { class: 'plain' }, certificates.map((certificate) => h('li', {}, certificate.subject,
    h('span', { class: 'hint' }, ` (${t('ad.caExpires')}: ${(certificate.notAfter || '').substring(0, 10)})`))));
}

/** Required marks and hints as in the guide; returns {wrapper, input} like field(). */
const input = (id, key, options = {}) => field({ id, label: t(key), hint: options.hintKey ? t(options.hintKey) : undefined, ...options });

/** Active Directory 設定 (R-SET-2): verified against the primary before anything is saved. */
function activeDirectoryDialog(current, reload) {
  const ad = current || {};
  const primaryHost = input('ad-primary-host', 'ad.primaryHost', { required: true, value: ad.primaryHost || '', hintKey: 'ad.hostHint' });
  const primaryIp = input('ad-primary-ip', 'ad.primaryIp', { required: true, value: ad.primaryIp || '', hintKey: 'ad.ipHint' });
  const secondaryHost = input('ad-secondary-host', 'ad.secondaryHost', { value: ad.secondaryHost || '', hintKey: 'ad.hostHint' });
  const secondaryIp = input('ad-secondary-ip', 'ad.secondaryIp', { value: ad.secondaryIp || '', hintKey: 'ad.secondaryIpHint' });
  const domain = input('ad-domain', 'ad.domain', { required: true, value: ad.domain || '', hintKey: 'ad.domainHint' });
  const adminUser = input('ad-admin-user', 'ad.adminUser', { value: ad.adminUser || '', hintKey: 'ad.adminUserHint' });
  const adminPassword = input('ad-admin-password', 'ad.adminPassword', { type: 'password', required: true,
    autocomplete: 'new-password', hintKey: current ? 'ad.adminPasswordAgain' : 'ad.adminPasswordHint' });
  const netbios = input('ad-netbios', 'ad.netbios', { value: ad.netbiosDomain || '', hintKey: 'ad.netbiosHint' });
  // a new connection starts encrypted (LDAPS): unencrypted LDAP is only ever an explicit choice
  const transport = selectField({ id: 'ad-transport', label: t('ad.transport'), required: true,
    options: TRANSPORTS.map((value) => [value, t(`ad.transport.${value}`)]), value: current ? (ad.transport || 'PLAIN') : 'LDAPS',
    hint: t('ad.transportHint') });
  const plainWarning = h('p', { class: 'warning', id: 'ad-transport-warning', role: 'status' }, t('ad.transport.plainWarning'));
  const markPlain = () => { plainWarning.hidden = transport.input.value !== 'PLAIN'; };
  transport.input.addEventListener('change', markPlain);
  transport.wrapper.insertBefore(plainWarning, transport.input.nextSibling);
  transport.input.setAttribute('aria-describedby', `ad-transport-warning ${transport.input.getAttribute('aria-describedby')}`);
  markPlain();
  const ca = input('ad-ca-certificates', 'ad.caCertificates', { rows: 6, optional: true, value: ad.caCertificatesPem || '',
    hintKey: 'ad.caCertificatesHint' });
  ca.input.classList.add('mono');
  ca.input.setAttribute('spellcheck', 'false');
  const caFile = h('input', { type: 'file', id: 'ad-ca-file', accept: '.pem,.crt,.cer,.txt',
    onchange: async () => {
      const file = caFile.files[0];
      if (file) ca.input.value = await file.text();
    } });
  ca.wrapper.insertBefore(h('label', { class: 'file' }, t('ad.caFile'), ' ', caFile), ca.input.nextSibling);
  const steps = h('div', { class: 'steps', id: 'ad-steps', 'aria-live': 'polite', hidden: true });
  const form = h('form', { novalidate: true },
    h('p', {}, t('ad.intro')),
    h('div', { class: 'important' }, h('strong', {}, t('common.important')),
      h('ul', {}, h('li', {}, t('ad.notePrimary')), h('li', {}, t('ad.noteSecondary')))),
    primaryHost.wrapper, primaryIp.wrapper, secondaryHost.wrapper, secondaryIp.wrapper, domain.wrapper,
    adminUser.wrapper, adminPassword.wrapper, netbios.wrapper, transport.wrapper, ca.wrapper, steps);
  const errors = new Errors(form, 'ad-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'ad-submit' }, t('common.set')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  const box = dialog(t('ad.heading'), form);
  primaryHost.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    steps.hidden = true;
    if (errors.requireAll([[primaryHost, 'ad.primaryHost'], [primaryIp, 'ad.primaryIp'], [domain, 'ad.domain'],
      [adminPassword, 'ad.adminPassword']].map(([item, key]) => [item.input, t(key)]))) return;
    const body = {
      primaryHost: primaryHost.input.value.trim(), primaryIp: primaryIp.input.value.trim(),
      secondaryHost: secondaryHost.input.value.trim() || null, secondaryIp: secondaryIp.input.value.trim() || null,
      domain: domain.input.value.trim(), adminUser: adminUser.input.value.trim() || null,
      adminPassword: adminPassword.input.value, netbiosDomain: netbios.input.value.trim() || null,
      transport: transport.input.value, caCertificatesPem: ca.input.value.trim() || null,
    };
    const submit = form.querySelector('#ad-submit');
    submit.disabled = true;
    submit.textContent = t('ad.verifying');
    try {
      await put('/api/settings/active-directory', body);
      box.close();
      await reload('settings-auth-value');
      flash(t('ad.saved'));
    } catch (error) {
      errors.show(error, {
        fieldIds: { primaryHost: 'ad-primary-host', primaryIp: 'ad-primary-ip', secondaryHost: 'ad-secondary-host',
          secondaryIp: 'ad-secondary-ip', domain: 'ad-domain', adminUser: 'ad-admin-user', adminPassword: 'ad-admin-password',
          netbiosDomain: 'ad-netbios', transport: 'ad-transport', caCertificatesPem: 'ad-ca-certificates',
          authType: 'ad-primary-host' },
        slugFields: { 'ad-unreachable': 'ad-primary-ip', 'ad-tls-failed': 'ad-transport',
          'ad-tls-untrusted': 'ad-ca-certificates', 'ad-tls-name-mismatch': 'ad-primary-host', 'ad-bad-domain': 'ad-domain',
          'ad-bad-credentials': 'ad-admin-password', 'ad-account-disabled': 'ad-admin-user',
          'ad-bad-netbios-domain': 'ad-netbios' },
      });
      if (error.problem.step) showSteps(steps, error.problem.step, error.message);
    } finally {
      submit.disabled = false;
      submit.textContent = t('common.set');
    }
  });
}

/** The verification's steps (connect, domain, admin bind, NetBIOS) with the one that failed. */
function showSteps(list, failedStep, message) {
  const order = [['connect', ['UNREACHABLE', 'TLS_FAILED', 'TLS_UNTRUSTED', 'TLS_NAME_MISMATCH']], ['domain', ['BAD_DOMAIN']],
    ['bind', ['BAD_CREDENTIALS', 'ACCOUNT_DISABLED']], ['netbios', ['BAD_NETBIOS_DOMAIN']]];
  const failedAt = order.findIndex(([, failures]) => failures.includes(failedStep));
  // the title above the numbered list, so the steps count from 1
  list.replaceChildren(h('p', { class: 'steps-title' }, t('ad.steps')), h('ol', {}, ...order.map(([name], index) => {
    let state = 'pending';
    if (failedAt < 0 || index < failedAt) state = failedAt < 0 ? 'pending' : 'ok';
    if (index === failedAt) state = 'failed';
    return h('li', { class: `step-${state}`, id: `ad-step-${name}` }, `${t(`ad.step.${state}`)} ${t(`ad.step.${name}`)}`,
      state === 'failed' ? h('span', { class: 'error' }, ` — ${message}`) : null);
  })));
  list.hidden = false;
}

/** Microsoft Entra ID (旧称 AzureAD) 設定 (R-SET-3): every field required; the admin is used once. */
function entraDialog(current, reload) {
  const entra = current || {};
  const clientId = input('entra-client-id', 'entra.clientId', { required: true, value: entra.clientId || '', hintKey: 'entra.clientIdHint' });
  const secret = input('entra-client-secret', 'entra.clientSecret', { type: 'password', required: true,
    autocomplete: 'new-password', hintKey: 'entra.clientSecretHint' });
  const domain = input('entra-domain', 'entra.domain', { required: true, value: entra.domain || '', hintKey: 'entra.domainHint' });
  const adminUser = input('entra-admin-user', 'entra.adminUser', { required: true, hintKey: 'entra.adminUserHint' });
  const adminPassword = input('entra-admin-password', 'entra.adminPassword', { type: 'password', required: true,
    autocomplete: 'new-password', hintKey: 'entra.adminPasswordHint' });
  const expires = input('entra-expires', 'entra.secretExpiresOn', { type: 'date', required: true,
    value: entra.secretExpiresOn || '', hintKey: 'entra.secretExpiresOnHint' });
  const form = h('form', { novalidate: true },
    h('p', {}, t('entra.intro')),
    h('div', { class: 'important' }, h('strong', {}, t('common.important')), h('ul', {}, h('li', {}, t('entra.noteMfa')))),
    h('div', { class: 'memo' }, h('strong', {}, t('common.memo')),
      h('ul', {}, h('li', {}, t('entra.noteApp')), h('li', {}, t('entra.noteValues')))),
    clientId.wrapper, secret.wrapper, domain.wrapper, adminUser.wrapper, adminPassword.wrapper, expires.wrapper);
  const errors = new Errors(form, 'entra-error');
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', id: 'entra-submit' }, t('common.set')),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.close() }, t('common.cancel'))), errors.actionError);
  const box = dialog(t('entra.heading'), form);
  clientId.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[clientId, 'entra.clientId'], [secret, 'entra.clientSecret'], [domain, 'entra.domain'],
      [adminUser, 'entra.adminUser'], [adminPassword, 'entra.adminPassword'], [expires, 'entra.secretExpiresOn']]
      .map(([item, key]) => [item.input, t(key)]))) return;
    if (adminUser.input.value.includes('@')) return errors.at('entra-admin-user', t('entra.adminUserNoAt'));
    const body = {
      clientId: clientId.input.value.trim(), clientSecret: secret.input.value, domain: domain.input.value.trim(),
      adminUser: adminUser.input.value.trim(), adminPassword: adminPassword.input.value,
      secretExpiresOn: expires.input.value,
    };
    const submit = form.querySelector('#entra-submit');
    submit.disabled = true;
    try {
      await put('/api/settings/entra-id', body);
      box.close();
      await reload('settings-auth-value');
      flash(t('entra.saved'));
    } catch (error) {
      errors.show(error, {
        fieldIds: { clientId: 'entra-client-id', clientSecret: 'entra-client-secret', domain: 'entra-domain',
          adminUser: 'entra-admin-user', adminPassword: 'entra-admin-password', secretExpiresOn: 'entra-expires' },
        slugFields: { 'entra-mfa-required': 'entra-admin-user', 'entra-bad-secret': 'entra-client-secret',
          'entra-secret-expired': 'entra-expires', 'entra-unknown-tenant': 'entra-domain',
          'entra-bad-credentials': 'entra-admin-password', 'entra-bad-client-id': 'entra-client-id' },
      });
    } finally {
      submit.disabled = false;
    }
  });
}
