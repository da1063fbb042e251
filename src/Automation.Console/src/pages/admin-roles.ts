import { html, nothing, type PropertyValues } from 'lit';
import { LightElement } from '../element';
import { ApiError, del, enc, get, put } from '../api';
import { time } from '../format';
import { AdminPage, adminTabs, fieldErrors, messagesFor, type Role } from './admin-users';

// Roles (GET /api/v1/roles, PUT/DELETE /api/v1/roles/{name}) and the permission catalogue (GET /api/v1/permissions).
// Built-in roles keep their grants; only whether they require MFA can change.

export interface PermissionInfo { name: string; description: string }

const roleNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const grantPattern = /^(\*|[a-z-]+:(\*|[a-z-]+(:[A-Za-z0-9._*-]+)?))$/;

/**
 * Picks grants: a checkbox per permission of the catalogue (grouped by area, with what it allows), and a text box for
 * other grants, one a line: wildcards (`workflows:*`, `*`) and grants narrowed to definitions (`workflows:start:deploy-*`).
 */
export class GrantPicker extends LightElement {
  static override properties = { catalogue: { attribute: false }, initial: { attribute: false }, checked: { state: true }, extra: { state: true }, label: {} };
  declare catalogue: PermissionInfo[];
  declare initial: string[];
  declare checked: Set<string>;
  declare extra: string;
  declare label: string;
  private catalogueNames = ''; // what the grants were split by: a reload answering the same catalogue keeps what was ticked and typed

  constructor() {
    super();
    this.catalogue = [];
    this.initial = [];
    this.checked = new Set();
    this.extra = '';
    this.label = 'Permissions';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const names = this.catalogue.map((p) => p.name).join('\n');
    if (changed.has('initial') || names !== this.catalogueNames) {
      this.catalogueNames = names;
      const known = new Set(this.catalogue.map((p) => p.name));
      this.checked = new Set(this.initial.filter((g) => known.has(g)));
      this.extra = this.initial.filter((g) => !known.has(g)).join('\n');
    }
  }

  /** The grants chosen, catalogue order first, then the other lines. */
  get grants(): string[] {
    const others = this.extra.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean);
    return [...this.catalogue.map((p) => p.name).filter((n) => this.checked.has(n)), ...others.filter((g) => !this.checked.has(g))];
  }

  /** Lines of the text box that cannot be grants. */
  get badLines(): string[] {
    return this.extra.split(/[\n,]+/).map((s) => s.trim()).filter((s) => s && !grantPattern.test(s));
  }

  protected override render() {
    const areas = new Map<string, PermissionInfo[]>();
    for (const p of this.catalogue) {
      const area = p.name.split(':')[0];
      areas.set(area, [...(areas.get(area) ?? []), p]);
    }
    return html`<fieldset class="checks grants"><legend>${this.label}</legend>
      <div class="grant-areas">${[...areas].map(([area, perms]) => html`<div class="grant-area"><div class="grant-area-name">${area}</div>
        ${perms.map((p) => html`<label class="check" title=${p.description}><input type="checkbox" name="permission" value=${p.name} .checked=${this.checked.has(p.name)}
          @change=${(e: Event) => {
            const next = new Set(this.checked);
            if ((e.target as HTMLInputElement).checked) next.add(p.name);
            else next.delete(p.name);
            this.checked = next;
          }} /><span><code>${p.name}</code> <span class="muted small">${p.description}</span></span></label>`)}</div>`)}</div>
      <label for="other-grants">Other grants, one a line (optional): <code>workflows:*</code>, <code>*</code>, or narrowed to definitions, <code>workflows:start:deploy-*</code></label>
      <textarea id="other-grants" name="otherGrants" rows="2" spellcheck="false" .value=${this.extra} @input=${(e: Event) => (this.extra = (e.target as HTMLTextAreaElement).value)}></textarea>
    </fieldset>`;
  }
}
customElements.define('grant-picker', GrantPicker);

/** Roles: built-in and custom; create or edit a custom role from the permission catalogue, require MFA, delete. */
export class AdminRoles extends AdminPage {
  static override properties = {
    ...AdminPage.properties, roles: { state: true }, catalogue: { state: true }, creating: { state: true }, editing: { state: true },
    name: { state: true }, requireMfa: { state: true }, formErrors: { state: true }, formProblem: { state: true }, sent: { state: true },
  };
  declare roles: Role[] | undefined;
  declare catalogue: PermissionInfo[];
  declare creating: boolean;
  declare editing: Role | undefined;
  declare name: string;
  declare requireMfa: boolean;
  declare formErrors: Record<string, string>;
  declare formProblem: ApiError | undefined;
  declare sent: string[];
  // The grants the form starts from (one array per opening: the picker resets when it changes).
  private initialGrants: string[] = [];

  constructor() {
    super();
    this.catalogue = [];
    this.creating = false;
    this.name = '';
    this.requireMfa = false;
    this.formErrors = {};
    this.sent = [];
  }

  protected async load(): Promise<void> {
    const [roles, catalogue] = await Promise.all([get<{ items: Role[] }>('/api/v1/roles'), get<{ items: PermissionInfo[] }>('/api/v1/permissions')]);
    this.roles = roles.items;
    this.catalogue = catalogue.items;
  }

  private open(role: Role | undefined): void {
    this.creating = role === undefined;
    this.editing = role;
    this.name = role?.name ?? '';
    this.requireMfa = role?.requireMfa ?? false;
    this.initialGrants = role?.permissions ?? [];
    this.formErrors = {};
    this.formProblem = undefined;
    this.message = '';
    void this.updateComplete.then(() => (this.querySelector('#role-form input') as HTMLElement | null)?.focus());
  }

  private close(): void {
    this.creating = false;
    this.editing = undefined;
    this.focusNew();
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const picker = this.querySelector('grant-picker') as GrantPicker;
    const grants = picker.grants;
    const errors: Record<string, string> = {};
    if (this.creating && !roleNamePattern.test(this.name)) errors.name = "Use 1–64 letters, digits, '.', '_' and '-', starting with a letter or digit.";
    else if (this.creating && this.roles?.some((r) => r.name === this.name)) errors.name = `A role named '${this.name}' exists already: edit it instead.`;
    if (picker.badLines.length) errors.permissions = `Not a grant: ${picker.badLines.join(', ')} (use area:action, area:action:pattern, area:* or *).`;
    else if (grants.length === 0) errors.permissions = 'Choose at least one permission: a role without any allows nothing.';
    this.formErrors = errors;
    this.formProblem = undefined;
    if (Object.keys(errors).length) return;
    const name = this.creating ? this.name : this.editing!.name;
    this.sent = grants;
    this.busy = true;
    try {
      await put(`/api/v1/roles/${enc(name)}`, { permissions: grants, requireMfa: this.requireMfa });
      this.message = `Saved role ${name}: ${grants.join(', ')}.`;
      this.close();
      await this.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      this.formProblem = err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) });
    } finally {
      this.busy = false;
    }
  }

  private async toggleMfa(role: Role): Promise<void> {
    const on = !role.requireMfa;
    const ok = await this.confirm({
      heading: `${on ? 'Require' : 'Stop requiring'} MFA for ${role.name}?`, confirmLabel: on ? 'Require MFA' : 'Stop requiring',
      body: on ? 'Members without MFA must enrol before anything else is allowed.' : 'Members may sign in with the password alone.',
    });
    if (ok) await this.run(() => put(`/api/v1/roles/${enc(role.name)}`, { permissions: role.permissions, requireMfa: on }), `${role.name} ${on ? 'requires' : 'no longer requires'} MFA.`);
  }

  private async deleteOne(role: Role): Promise<void> {
    const ok = await this.confirm({ heading: `Delete role ${role.name}?`, body: 'Only a role that no user holds can be deleted.', confirmLabel: 'Delete', danger: true });
    if (ok) await this.run(() => del(`/api/v1/roles/${enc(role.name)}`), `Deleted role ${role.name}.`);
  }

  private renderForm() {
    const p = this.formProblem;
    const builtIn = this.editing?.builtIn ?? false;
    const nameErrors = [...(this.formErrors.name ? [this.formErrors.name] : []), ...messagesFor(p, 'name')];
    const grantErrors = [...(this.formErrors.permissions ? [this.formErrors.permissions] : []), ...messagesFor(p, '$.permissions', this.sent)];
    const other = p && (!p.problem.errors || Object.keys(p.problem.errors).some((k) => !['name', '$.permissions', '$.requireMfa'].some((h) => k === h || k.startsWith(h + '['))));
    return html`<form id="role-form" class="card form" @submit=${this.save} novalidate aria-labelledby="role-form-heading">
      <h2 id="role-form-heading">${this.creating ? 'New role' : `Edit role ${this.editing!.name}`}</h2>
      ${this.creating ? html`<label for="role-name">Name</label>
        <input id="role-name" name="name" autocomplete="off" maxlength="64" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
          aria-invalid=${nameErrors.length ? 'true' : 'false'} aria-describedby="role-name-errors" />
        ${fieldErrors('role-name', nameErrors)}` : nothing}
      <grant-picker .catalogue=${this.catalogue} .initial=${this.initialGrants}></grant-picker>
      ${fieldErrors('role-permissions', grantErrors)}
      <label class="check"><input type="checkbox" name="requireMfa" .checked=${this.requireMfa} ?disabled=${builtIn}
        @change=${(e: Event) => (this.requireMfa = (e.target as HTMLInputElement).checked)} /> Members need MFA to sign in</label>
      ${other ? html`<p class="error" role="alert">${p!.message}</p>` : nothing}
      <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${this.creating ? 'Create role' : 'Save'}</button>
        <button type="button" @click=${() => this.close()}>Cancel</button></div>
    </form>`;
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the roles"></forbidden-view>`;
    return html`${adminTabs('roles')}
      <div class="page-head"><h1>Roles</h1>
        <div class="actions"><button type="button" @click=${() => this.reload()}>Refresh</button>
          <button type="button" class="primary" data-new @click=${() => this.open(undefined)}>New role</button></div></div>
      ${this.creating || this.editing ? this.renderForm() : nothing}
      ${this.outcome()}
      ${this.roles === undefined ? (this.error ? nothing : html`<p class="muted" aria-busy="true">Loading…</p>`) : html`
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Role</th><th>Permissions</th><th>MFA</th><th class="wide">Updated</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this.roles.map((r) => html`<tr data-role=${r.name}>
          <td><strong>${r.name}</strong>${r.builtIn ? html` <span class="badge">built-in</span>` : nothing}</td>
          <td>${r.permissions.map((g) => html`<code class="grant">${g}</code> `)}</td>
          <td>${r.requireMfa ? 'required' : 'optional'}</td>
          <td class="wide">${time(r.updatedAt ?? r.createdAt)}</td>
          <td><div class="actions">${r.builtIn
            ? html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.toggleMfa(r)}>${r.requireMfa ? 'Stop requiring MFA' : 'Require MFA'}</button>`
            : html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.open(r)} aria-label="Edit ${r.name}">Edit</button>
              <button type="button" class="small danger" ?disabled=${this.busy} @click=${() => this.deleteOne(r)} aria-label="Delete ${r.name}">Delete</button>`}</div></td></tr>`)}</tbody>
      </table></div>`}`;
  }
}
customElements.define('admin-roles', AdminRoles);
