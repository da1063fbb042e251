import { html, nothing, type TemplateResult } from 'lit';
import { LightElement } from '../element';
import { ApiError, del, enc, get, patch, post } from '../api';
import { session } from '../session';
import { time } from '../format';
import type { ConfirmDialog } from '../components/confirm-dialog';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/confirm-dialog';
import '../components/forbidden-view';

// Users (GET/POST /api/v1/users, PATCH/DELETE /api/v1/users/{username}): every operation needs users:admin, and the
// API refuses to hand out grants the caller does not hold (a 403 shown on the form) or to remove the last admin (409).

export interface User {
  username: string; roles: string[]; disabled: boolean; locked: boolean; lockedUntil: string | null; mfaEnabled: boolean; createdAt: string; updatedAt: string;
}
export interface Role { name: string; permissions: string[]; requireMfa: boolean; builtIn: boolean; createdAt: string | null; updatedAt: string | null }

const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** The tabs of the admin area. */
export function adminTabs(active: 'users' | 'roles' | 'api-keys') {
  const tab = (key: typeof active, href: string, label: string) =>
    html`<li><a href=${href} aria-current=${key === active ? 'page' : 'false'}>${label}</a></li>`;
  return html`<nav class="subnav" aria-label="Administration"><ul>
    ${tab('users', '/admin/users', 'Users')}${tab('roles', '/admin/roles', 'Roles')}${tab('api-keys', '/admin/api-keys', 'API keys')}</ul></nav>`;
}

/** Problem messages for a field, or for the fields below it (roles[i] named by the value sent at i). */
export function messagesFor(error: ApiError | undefined, field: string, sent: string[] = []): string[] {
  const errors = error?.problem.errors ?? {};
  return Object.entries(errors)
    .filter(([key]) => key === field || key.startsWith(field + '['))
    .flatMap(([key, messages]) => {
      const index = /\[(\d+)\]$/.exec(key);
      const label = index && sent[Number(index[1])] !== undefined ? `'${sent[Number(index[1])]}': ` : key === field ? '' : `${key}: `;
      return messages.map((m) => label + m);
    });
}

export function fieldErrors(id: string, messages: string[]) {
  return messages.length ? html`<ul class="field-errors" id="${id}-errors" role="alert">${messages.map((m) => html`<li>${m}</li>`)}</ul>` : nothing;
}

/** Common state of the admin pages: a 403 on load turns the page into the forbidden view, action outcomes are shown. */
export abstract class AdminPage extends LightElement {
  static override properties = { forbidden: { state: true }, error: { state: true }, message: { state: true }, busy: { state: true } };
  declare forbidden: ApiError | undefined;
  declare error: string;
  declare message: TemplateResult | string;
  declare busy: boolean;

  constructor() {
    super();
    this.error = '';
    this.message = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  protected abstract load(): Promise<void>;

  protected async reload(): Promise<void> {
    try {
      await this.load();
      this.forbidden = undefined;
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.failed(err);
    }
  }

  protected failed(err: unknown): void {
    if (err instanceof ApiError && err.status === 401) return;
    this.message = '';
    this.error = (err as Error).message;
  }

  /** After a form or a shown secret closes, focus goes back to the page's "New …" button (not lost to the body). */
  protected focusNew(): void {
    void this.updateComplete.then(() => (this.querySelector('[data-new]') as HTMLElement | null)?.focus());
  }

  protected confirm(options: Parameters<ConfirmDialog['ask']>[0]) {
    return (this.querySelector('confirm-dialog') as ConfirmDialog).ask(options);
  }

  /** Runs an action, shows its outcome, reloads. */
  protected async run(action: () => Promise<unknown>, done: TemplateResult | string): Promise<boolean> {
    this.error = '';
    this.message = '';
    this.busy = true;
    try {
      await action();
      this.message = done;
      await this.reload();
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  protected outcome() {
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
      <confirm-dialog></confirm-dialog>`;
  }
}

function roleChecks(roles: Role[], selected: Set<string>, name: string, onChange: (role: string, on: boolean) => void) {
  return html`<fieldset class="checks"><legend>Roles</legend>
    ${roles.map((r) => html`<label class="check"><input type="checkbox" name=${name} value=${r.name} .checked=${selected.has(r.name)}
      @change=${(e: Event) => onChange(r.name, (e.target as HTMLInputElement).checked)} />
      ${r.name}${r.builtIn ? html` <span class="muted small">built-in</span>` : nothing}</label>`)}
    ${roles.length === 0 ? html`<p class="muted">No roles.</p>` : nothing}</fieldset>`;
}

/** Users: list, create with roles, change roles or password, disable/enable, unlock, reset MFA, delete. */
export class AdminUsers extends AdminPage {
  static override properties = {
    ...AdminPage.properties, users: { state: true }, roles: { state: true }, creating: { state: true }, editing: { state: true },
    form: { state: true }, formErrors: { state: true }, formProblem: { state: true },
  };
  declare users: User[] | undefined;
  declare roles: Role[];
  declare creating: boolean;
  declare editing: User | undefined;
  declare form: { username: string; password: string; roles: Set<string> };
  declare formErrors: Record<string, string>;
  declare formProblem: ApiError | undefined;

  constructor() {
    super();
    this.roles = [];
    this.creating = false;
    this.form = { username: '', password: '', roles: new Set() };
    this.formErrors = {};
  }

  protected async load(): Promise<void> {
    const [users, roles] = await Promise.all([get<{ items: User[] }>('/api/v1/users'), get<{ items: Role[] }>('/api/v1/roles')]);
    this.users = users.items;
    this.roles = roles.items;
  }

  private open(user: User | undefined): void {
    this.creating = user === undefined;
    this.editing = user;
    this.form = { username: user?.username ?? '', password: '', roles: new Set(user?.roles ?? []) };
    this.formErrors = {};
    this.formProblem = undefined;
    this.message = '';
    void this.updateComplete.then(() => (this.querySelector('#user-form input') as HTMLElement | null)?.focus());
  }

  private close(): void {
    this.creating = false;
    this.editing = undefined;
    this.form = { username: '', password: '', roles: new Set() }; // the typed password is not kept in memory
    this.focusNew();
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.form;
    const errors: Record<string, string> = {};
    if (this.creating && !usernamePattern.test(f.username)) errors.username = "Use 1–64 letters, digits, '.', '_', '@' and '-', starting with a letter or digit.";
    if (this.creating && !f.password) errors.password = 'Required: the initial password (the password policy applies).';
    if (this.editing && !f.password && sameSet(f.roles, this.editing.roles)) errors.form = 'Nothing to change: pick other roles or type a new password.';
    this.formErrors = errors;
    this.formProblem = undefined;
    if (Object.keys(errors).length) return;
    const roles = [...f.roles];
    this.busy = true;
    try {
      if (this.creating) {
        await post('/api/v1/users', { username: f.username, password: f.password, roles });
        this.message = `Created user ${f.username} (${roles.join(', ') || 'no roles'}).`;
      } else {
        const body: Record<string, unknown> = {};
        if (!sameSet(f.roles, this.editing!.roles)) body.roles = roles;
        if (f.password) body.password = f.password;
        await patch(`/api/v1/users/${enc(this.editing!.username)}`, body);
        this.message = `Saved ${this.editing!.username}.` + (body.password || body.roles ? ' Their sessions were signed out.' : '');
      }
      this.close();
      await this.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      this.formProblem = err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) });
    } finally {
      this.busy = false;
    }
  }

  private async change(u: User, body: Record<string, unknown>, ask: { heading: string; body: string; confirmLabel: string; danger?: boolean } | null, done: string): Promise<void> {
    if (ask && !(await this.confirm(ask))) return;
    await this.run(() => patch(`/api/v1/users/${enc(u.username)}`, body), done);
  }

  private async deleteOne(u: User): Promise<void> {
    const ok = await this.confirm({ heading: `Delete user ${u.username}?`, body: 'They can no longer sign in; their sessions end now. This cannot be undone.', confirmLabel: 'Delete', danger: true });
    if (ok) await this.run(() => del(`/api/v1/users/${enc(u.username)}`), `Deleted ${u.username}.`);
  }

  private renderForm() {
    const f = this.form;
    const p = this.formProblem;
    const sentRoles = [...f.roles];
    const other = p && (!p.problem.errors || Object.keys(p.problem.errors).some((k) => !['$.username', '$.password', '$.roles', '$'].some((h) => k === h || k.startsWith(h + '['))));
    return html`<form id="user-form" class="card form" @submit=${this.save} novalidate aria-labelledby="user-form-heading">
      <h2 id="user-form-heading">${this.creating ? 'New user' : `Change ${this.editing!.username}`}</h2>
      ${this.creating ? html`<label for="user-name">Username</label>
        <input id="user-name" name="username" autocomplete="off" maxlength="64" .value=${f.username}
          @input=${(e: Event) => (this.form = { ...f, username: (e.target as HTMLInputElement).value })}
          aria-invalid=${this.formErrors.username || messagesFor(p, '$.username').length ? 'true' : 'false'} aria-describedby="user-name-errors" />
        ${fieldErrors('user-name', [...(this.formErrors.username ? [this.formErrors.username] : []), ...messagesFor(p, '$.username')])}` : nothing}
      <label for="user-password">${this.creating ? 'Password' : 'New password (optional)'}</label>
      <input id="user-password" name="password" type="password" autocomplete="new-password" .value=${f.password}
        @input=${(e: Event) => (this.form = { ...f, password: (e.target as HTMLInputElement).value })}
        aria-invalid=${this.formErrors.password || messagesFor(p, '$.password').length ? 'true' : 'false'} aria-describedby="user-password-errors" />
      ${fieldErrors('user-password', [...(this.formErrors.password ? [this.formErrors.password] : []), ...messagesFor(p, '$.password')])}
      ${roleChecks(this.roles, f.roles, 'roles', (role, on) => {
        const next = new Set(f.roles);
        if (on) next.add(role);
        else next.delete(role);
        this.form = { ...f, roles: next };
      })}
      ${fieldErrors('user-roles', messagesFor(p, '$.roles', sentRoles))}
      ${this.formErrors.form ? html`<p class="error" role="alert">${this.formErrors.form}</p>` : nothing}
      ${fieldErrors('user-form', messagesFor(p, '$'))}
      ${other ? html`<p class="error" role="alert">${p!.message}</p>` : nothing}
      <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${this.creating ? 'Create user' : 'Save'}</button>
        <button type="button" @click=${() => this.close()}>Cancel</button></div>
    </form>`;
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the users"></forbidden-view>`;
    const me = session.me?.subject;
    return html`${adminTabs('users')}
      <div class="page-head"><h1>Users</h1>
        <div class="actions"><button type="button" @click=${() => this.reload()}>Refresh</button>
          <button type="button" class="primary" data-new @click=${() => this.open(undefined)}>New user</button></div></div>
      ${this.creating || this.editing ? this.renderForm() : nothing}
      ${this.outcome()}
      ${this.users === undefined ? (this.error ? nothing : html`<p class="muted" aria-busy="true">Loading…</p>`) : html`
      <div class="table-wrap"><table class="list">
        <thead><tr><th>User</th><th>Roles</th><th>State</th><th class="wide">MFA</th><th class="wide">Created</th><th class="wide">Updated</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this.users.map((u) => html`<tr data-user=${u.username}>
          <td><strong>${u.username}</strong>${u.username === me ? html` <span class="muted small">(you)</span>` : nothing}</td>
          <td>${u.roles.length ? u.roles.map((r) => html`<span class="tag">${r}</span>`) : html`<span class="muted">none</span>`}</td>
          <td>${u.disabled ? html`<span class="badge st-Failed">disabled</span>` : u.locked ? html`<span class="badge st-Paused">locked</span><div class="small">until ${time(u.lockedUntil)}</div>` : html`<span class="badge st-Completed">active</span>`}</td>
          <td class="wide">${u.mfaEnabled ? 'on' : 'off'}</td>
          <td class="wide">${time(u.createdAt)}</td><td class="wide">${time(u.updatedAt)}</td>
          <td><div class="actions">
            <button type="button" class="small" ?disabled=${this.busy} @click=${() => this.open(u)} aria-label="Change ${u.username}">Change</button>
            ${u.disabled
              ? html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.change(u, { disabled: false }, null, `Enabled ${u.username}.`)}>Enable</button>`
              : html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.change(u, { disabled: true }, { heading: `Disable ${u.username}?`, body: 'They cannot sign in until enabled again; their sessions end now.', confirmLabel: 'Disable', danger: true }, `Disabled ${u.username}.`)}>Disable</button>`}
            ${u.locked ? html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.change(u, { unlock: true }, null, `Unlocked ${u.username}.`)}>Unlock</button>` : nothing}
            ${u.mfaEnabled ? html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.change(u, { resetMfa: true }, { heading: `Reset MFA of ${u.username}?`, body: 'Their authenticator and recovery codes stop working; they sign in with the password alone until they enrol again (or must enrol, if a role requires MFA).', confirmLabel: 'Reset MFA', danger: true }, `Reset the MFA of ${u.username}.`)}>Reset MFA</button>` : nothing}
            <button type="button" class="small danger" ?disabled=${this.busy} @click=${() => this.deleteOne(u)} aria-label="Delete ${u.username}">Delete</button>
          </div></td></tr>`)}
        ${this.users.length === 0 ? html`<tr><td colspan="7" class="muted">No users.</td></tr>` : nothing}</tbody>
      </table></div>`}`;
  }
}
customElements.define('admin-users', AdminUsers);

function sameSet(a: Set<string>, b: string[]): boolean {
  return a.size === b.length && b.every((x) => a.has(x));
}
