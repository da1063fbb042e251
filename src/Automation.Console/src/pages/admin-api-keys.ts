import { html, nothing } from 'lit';
import { ApiError, del, enc, get, post } from '../api';
import { time } from '../format';
import { session } from '../session';
import { AdminPage, adminTabs, fieldErrors, messagesFor } from './admin-users';
import type { GrantPicker, PermissionInfo } from './admin-roles';
import './admin-roles';

// API keys (GET/POST /api/v1/api-keys, DELETE /api/v1/api-keys/{id}). The key itself is in the create answer only
// (the API stores its hash): the page shows it once, with a copy button, and forgets it when dismissed.

interface ApiKey {
  id: string; name: string; permissions: string[]; createdBy: string; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null;
}
interface CreatedKey { id: string; key: string; name: string; permissions: string[]; expiresAt: string | null; createdAt: string }

const maxLifetimeDays = 730;

function dateInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** API keys: list with owner, expiry and last use; create (the key shown once); revoke. */
export class AdminApiKeys extends AdminPage {
  static override properties = {
    ...AdminPage.properties, keys: { state: true }, catalogue: { state: true }, creating: { state: true }, name: { state: true }, expires: { state: true },
    formErrors: { state: true }, formProblem: { state: true }, sent: { state: true }, created: { state: true }, copied: { state: true },
  };
  declare keys: ApiKey[] | undefined;
  declare catalogue: PermissionInfo[];
  declare creating: boolean;
  declare name: string;
  declare expires: string;
  declare formErrors: Record<string, string>;
  declare formProblem: ApiError | undefined;
  declare sent: string[];
  declare created: CreatedKey | undefined;
  declare copied: boolean;
  private readonly noGrants: string[] = [];

  constructor() {
    super();
    this.catalogue = [];
    this.creating = false;
    this.name = '';
    this.expires = '';
    this.formErrors = {};
    this.sent = [];
    this.copied = false;
  }

  // The created key is a secret: gone when the session expires (another user may sign in over the overlay) and
  // when the page is left.
  private readonly forgetKey = () => {
    this.created = undefined;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    session.addEventListener('expired', this.forgetKey);
    session.addEventListener('signed-out', this.forgetKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    session.removeEventListener('expired', this.forgetKey);
    session.removeEventListener('signed-out', this.forgetKey);
    this.created = undefined;
  }

  private close(): void {
    this.creating = false;
    this.created = undefined;
    this.focusNew();
  }

  protected async load(): Promise<void> {
    const [keys, catalogue] = await Promise.all([get<{ items: ApiKey[] }>('/api/v1/api-keys'), get<{ items: PermissionInfo[] }>('/api/v1/permissions')]);
    this.keys = keys.items;
    this.catalogue = catalogue.items;
  }

  private open(): void {
    this.creating = true;
    this.created = undefined;
    this.name = '';
    this.expires = '';
    this.formErrors = {};
    this.formProblem = undefined;
    this.message = '';
    void this.updateComplete.then(() => (this.querySelector('#key-name') as HTMLElement | null)?.focus());
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const picker = this.querySelector('grant-picker') as GrantPicker;
    const grants = picker.grants;
    const errors: Record<string, string> = {};
    const name = this.name.trim();
    if (!name || name.length > 128) errors.name = 'Required: what the key is for, 1–128 characters.';
    if (picker.badLines.length) errors.permissions = `Not a grant: ${picker.badLines.join(', ')} (use area:action, area:action:pattern, area:* or *).`;
    else if (grants.length === 0) errors.permissions = 'Choose at least one permission: a key without any can do nothing.';
    let expiresAt: string | undefined;
    if (this.expires) {
      // The end of the chosen day, local time.
      const end = new Date(`${this.expires}T23:59:59`);
      const days = (end.getTime() - Date.now()) / 86_400_000;
      if (Number.isNaN(end.getTime()) || days <= 0 || days > maxLifetimeDays) errors.expiresAt = `Pick a day after today and at most ${maxLifetimeDays} days ahead (or none for a year).`;
      else expiresAt = end.toISOString();
    }
    this.formErrors = errors;
    this.formProblem = undefined;
    if (Object.keys(errors).length) return;
    this.sent = grants;
    this.busy = true;
    try {
      this.created = await post<CreatedKey>('/api/v1/api-keys', { name, permissions: grants, ...(expiresAt ? { expiresAt } : {}) });
      this.copied = false;
      this.creating = false;
      await this.reload();
      void this.updateComplete.then(() => (this.querySelector('#new-key') as HTMLInputElement | null)?.select());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      this.formProblem = err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) });
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    const input = this.querySelector('#new-key') as HTMLInputElement;
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      // Clipboard access needs a secure context (https or localhost): select the key so that Ctrl+C copies it.
      input.select();
    }
    this.copied = true;
  }

  private async revoke(k: ApiKey): Promise<void> {
    const ok = await this.confirm({
      heading: `Revoke the API key ${k.name}?`, danger: true, confirmLabel: 'Revoke',
      body: html`Every client using <code>ak_${k.id}_…</code> is refused from now on. This cannot be undone.`,
    });
    if (ok) await this.run(() => del(`/api/v1/api-keys/${enc(k.id)}`), `Revoked ${k.name} (ak_${k.id}_…).`);
  }

  private renderCreated(c: CreatedKey) {
    return html`<section class="card secret" aria-labelledby="secret-heading" data-testid="new-key">
      <h2 id="secret-heading">API key ${c.name} created</h2>
      <p class="warning" role="alert"><strong>Copy this key now: you will not see it again.</strong> Only its hash is stored; if it is lost, revoke it and create another.</p>
      <label for="new-key">The key</label>
      <div class="secret-row"><input id="new-key" readonly spellcheck="false" .value=${c.key} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
        <button type="button" class="primary" @click=${this.copy}>${this.copied ? 'Copied' : 'Copy'}</button></div>
      <p class="small muted">Send it as <code>Authorization: ApiKey &lt;key&gt;</code>. Grants: ${c.permissions.join(', ')}; expires ${time(c.expiresAt)}.</p>
      <div class="actions"><button type="button" @click=${() => this.close()}>Done, I copied it</button></div>
    </section>`;
  }

  private renderForm() {
    const p = this.formProblem;
    const nameErrors = [...(this.formErrors.name ? [this.formErrors.name] : []), ...messagesFor(p, '$.name')];
    const grantErrors = [...(this.formErrors.permissions ? [this.formErrors.permissions] : []), ...messagesFor(p, '$.permissions', this.sent)];
    const expiryErrors = [...(this.formErrors.expiresAt ? [this.formErrors.expiresAt] : []), ...messagesFor(p, '$.expiresAt')];
    const other = p && (!p.problem.errors || Object.keys(p.problem.errors).some((k) => !['$.name', '$.permissions', '$.expiresAt'].some((h) => k === h || k.startsWith(h + '['))));
    const today = new Date();
    return html`<form id="key-form" class="card form" @submit=${this.save} novalidate aria-labelledby="key-form-heading">
      <h2 id="key-form-heading">New API key</h2>
      <label for="key-name">Name (what it is for)</label>
      <input id="key-name" name="name" autocomplete="off" maxlength="128" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
        aria-invalid=${nameErrors.length ? 'true' : 'false'} aria-describedby="key-name-errors" placeholder="ci-deploy" />
      ${fieldErrors('key-name', nameErrors)}
      <grant-picker label="Grants (only ones you hold yourself)" .catalogue=${this.catalogue} .initial=${this.noGrants}></grant-picker>
      ${fieldErrors('key-permissions', grantErrors)}
      <label for="key-expires">Expires on (optional; a year from now when empty)</label>
      <input id="key-expires" name="expiresAt" type="date" .value=${this.expires} min=${dateInput(new Date(today.getTime() + 86_400_000))}
        max=${dateInput(new Date(today.getTime() + maxLifetimeDays * 86_400_000))} @input=${(e: Event) => (this.expires = (e.target as HTMLInputElement).value)}
        aria-invalid=${expiryErrors.length ? 'true' : 'false'} aria-describedby="key-expires-errors" />
      ${fieldErrors('key-expires', expiryErrors)}
      ${other ? html`<p class="error" role="alert">${p!.message}</p>` : nothing}
      <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>Create key</button>
        <button type="button" @click=${() => this.close()}>Cancel</button></div>
    </form>`;
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the API keys"></forbidden-view>`;
    const now = Date.now();
    const stateOf = (k: ApiKey) => k.revokedAt ? html`<span class="badge st-Failed">revoked</span><div class="small">${time(k.revokedAt)}</div>`
      : k.expiresAt && Date.parse(k.expiresAt) <= now ? html`<span class="badge st-Paused">expired</span>` : html`<span class="badge st-Completed">active</span>`;
    return html`${adminTabs('api-keys')}
      <div class="page-head"><h1>API keys</h1>
        <div class="actions"><button type="button" @click=${() => this.reload()}>Refresh</button>
          <button type="button" class="primary" data-new @click=${() => this.open()}>New API key</button></div></div>
      ${this.created ? this.renderCreated(this.created) : nothing}
      ${this.creating ? this.renderForm() : nothing}
      ${this.outcome()}
      ${this.keys === undefined ? (this.error ? nothing : html`<p class="muted" aria-busy="true">Loading…</p>`) : html`
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Name</th><th>Key</th><th class="wide">Grants</th><th class="wide">Owner</th><th class="wide">Created</th><th>Expires</th><th class="wide">Last used</th><th>State</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this.keys.map((k) => html`<tr data-key=${k.id}>
          <td><strong>${k.name}</strong></td><td><code>ak_${k.id}_…</code></td>
          <td class="wide">${k.permissions.map((g) => html`<code class="grant">${g}</code> `)}</td>
          <td class="wide">${k.createdBy}</td><td class="wide">${time(k.createdAt)}</td><td>${k.expiresAt ? time(k.expiresAt) : 'never'}</td>
          <td class="wide">${k.lastUsedAt ? time(k.lastUsedAt) : html`<span class="muted">never</span>`}</td>
          <td>${stateOf(k)}</td>
          <td>${k.revokedAt ? nothing : html`<button type="button" class="small danger" ?disabled=${this.busy} @click=${() => this.revoke(k)} aria-label="Revoke ${k.name}">Revoke</button>`}</td></tr>`)}
        ${this.keys.length === 0 ? html`<tr><td colspan="9" class="muted">No API keys.</td></tr>` : nothing}</tbody>
      </table></div>`}`;
  }
}
customElements.define('admin-api-keys', AdminApiKeys);
