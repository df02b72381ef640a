// Operator console: a tenant's NAS clients (VPN headends) — register, list, remove.
import { del, get, post, writeChecked } from '../api.js';
import { formatTime, t } from '../i18n.js';
import { Errors, clip, confirmDialog, field, flash, h, show, table } from '../ui.js';

export async function render(context, tenantId) {
  const base = `/api/operator/tenants/${encodeURIComponent(tenantId)}`;
  const heading = h('h1', {}, t('nas.heading', { name: '' }));
  const listError = h('p', { class: 'error', id: 'nas-list-error', role: 'alert' });
  const listArea = h('div', { id: 'nas-list' }, t('common.loading'));

  async function reload() {
    try {
      const clients = await get(`${base}/nas-clients`);
      listError.textContent = '';
      listArea.replaceChildren(table(t('nas.list'), [
        { label: t('nas.name'), cell: (client) => clip(client.name) },
        { label: t('nas.address'), cell: (client) => h('span', { class: 'mono' }, client.address) },
        { label: t('nas.createdAt'), cell: (client) => formatTime(client.createdAt) },
        { label: t('common.actions'), cell: (client) => removeButton(client) },
      ], clients, { empty: t('nas.emptyState') }));
    } catch (error) {
      listArea.replaceChildren();
      listError.textContent = error.message;
    }
  }

  function removeButton(client) {
    const error = h('p', { class: 'error', role: 'alert' });
    return h('div', {}, h('button', {
      type: 'button', class: 'secondary', 'aria-label': `${t('nas.remove')}: ${client.name}`,
      onclick: async () => {
        if (!await confirmDialog(t('nas.confirmRemove', { name: client.name }))) return;
        try {
          await del(`${base}/nas-clients/${encodeURIComponent(client.nasClientId)}`);
          await reload();
          flash(t('nas.removed', { name: client.name }));
        } catch (problem) {
          error.textContent = problem.message;
        }
      },
    }, t('nas.remove')), error);
  }

  const name = field({ id: 'nas-name', label: t('nas.name'), required: true });
  const address = field({ id: 'nas-address', label: t('nas.address'), required: true, hint: t('nas.addressHint') });
  const secret = field({ id: 'nas-secret', label: t('nas.secret'), type: 'password', required: true, hint: t('nas.secretHint'),
    autocomplete: 'off' });
  const form = h('form', { novalidate: true, class: 'card', 'aria-labelledby': 'nas-add-heading' },
    h('h2', { id: 'nas-add-heading' }, t('nas.add')), name.wrapper, address.wrapper, secret.wrapper);
  const errors = new Errors(form, 'nas-error');
  form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'nas-submit' }, t('nas.submit'))),
    errors.actionError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (errors.requireAll([[name.input, t('nas.name')], [address.input, t('nas.address')], [secret.input, t('nas.secret')]])) return;
    try {
      const body = { name: name.input.value.trim(), address: address.input.value.trim(), sharedSecret: secret.input.value };
      // a registration the gateway stopped waiting for may have been done: the list tells
      const added = await writeChecked(() => post(`${base}/nas-clients`, body),
        async () => (await get(`${base}/nas-clients`)).find((client) => client.name === body.name && client.address === body.address));
      form.reset();
      await reload();
      flash(t('nas.added', { name: added.name }));
    } catch (error) {
      errors.show(error, {
        fieldIds: { name: 'nas-name', address: 'nas-address', sharedSecret: 'nas-secret' },
        slugFields: { 'nas-address-invalid': 'nas-address', 'nas-address-taken': 'nas-address' },
      });
    }
  });

  show(h('section', {}, heading, h('p', {}, h('a', { href: '#/tenants', id: 'nas-back' }, t('nas.back'))),
    form, h('h2', {}, t('nas.list')), listError, listArea));
  try {
    const tenant = await get(base);
    heading.textContent = t('nas.heading', { name: tenant.name });
  } catch (error) {
    listError.textContent = error.message;
  }
  reload();
}
