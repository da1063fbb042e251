import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { type ApiError, enc, get, query } from '../api';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/forbidden-view';
import { session } from '../session';
import { definitionEditUrl, definitionUrl, newDefinitionUrl } from '../router';
import { time } from '../format';
import type { Definition, DefinitionSummary, VersionInfo } from '../types';
import '../components/dag-view';
import '../components/json-view';

/** Every definition with its latest version. */
export class DefinitionsList extends LightElement {
  static override properties = { items: { state: true }, error: { state: true }, filter: { state: true }, forbidden: { state: true } };
  declare items: DefinitionSummary[];
  declare error: string;
  declare forbidden: ApiError | undefined;
  declare filter: string;

  constructor() {
    super();
    this.items = [];
    this.error = '';
    this.filter = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    get<{ items: DefinitionSummary[] }>('/api/v1/definitions').then((d) => (this.items = d.items), (err) => {
      this.forbidden = forbiddenBy(err);
      this.error = (err as Error).message;
    });
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the definitions"></forbidden-view>`;
    const shown = this.items.filter((d) => d.name.toLowerCase().includes(this.filter.toLowerCase()));
    return html`<div class="page-head"><h1>Definitions</h1>
        ${session.can('definitions:write') ? html`<div class="actions"><a class="button primary" href=${newDefinitionUrl}>New definition</a></div>` : nothing}</div>
      <label class="inline">Find<input type="search" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} /></label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Name</th><th>Latest</th><th class="wide">Description</th><th class="wide">Updated</th><th></th></tr></thead>
        <tbody>${shown.map((d) => html`<tr>
          <td><a href=${definitionUrl(d.name)}>${d.name}</a></td><td>v${d.latestVersion}</td>
          <td class="wide">${d.description ?? ''}</td><td class="wide">${time(d.updatedAt)}</td>
          <td><a href="/workflows${query({ definition: d.name })}">Workflows</a>${session.can('definitions:write', d.name)
            ? html` · <a href=${definitionEditUrl(d.name)} title="Edit ${d.name}" data-edit=${d.name}>Edit</a>` : nothing}</td></tr>`)}
        ${shown.length === 0 ? html`<tr><td colspan="5" class="muted">No definitions.</td></tr>` : nothing}</tbody>
      </table></div>`;
  }
}
customElements.define('definitions-list', DefinitionsList);

interface DiffResponse { [k: string]: unknown }

/** One definition: its versions (who registered them, deprecations), a version's document and graph, and a diff. */
export class DefinitionDetail extends LightElement {
  static override properties = {
    name: {}, versions: { state: true }, current: { state: true }, diff: { state: true }, error: { state: true }, compareTo: { state: true },
    forbidden: { state: true },
  };
  declare forbidden: ApiError | undefined;
  declare name: string;
  declare versions: VersionInfo[];
  declare current: Definition | undefined;
  declare diff: DiffResponse | undefined;
  declare error: string;
  declare compareTo: string;
  private loadedName = '';

  constructor() {
    super();
    this.name = '';
    this.versions = [];
    this.error = '';
    this.compareTo = '';
  }

  protected override willUpdate(): void {
    if (this.name !== this.loadedName) {
      this.loadedName = this.name;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    try {
      this.versions = (await get<{ versions: VersionInfo[] }>(`/api/v1/definitions/${enc(this.name)}/versions`)).versions;
      await this.show(this.versions[this.versions.length - 1]?.version);
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.error = (err as Error).message;
    }
  }

  private async show(version: number | undefined): Promise<void> {
    if (!version) return;
    this.diff = undefined;
    this.current = await get<Definition>(`/api/v1/definitions/${enc(this.name)}/versions/${version}`);
  }

  private async compare(other: string): Promise<void> {
    this.compareTo = other;
    if (!other || !this.current) {
      this.diff = undefined;
      return;
    }
    try {
      this.diff = await get<DiffResponse>(`/api/v1/definitions/${enc(this.name)}/versions/${other}/diff/${this.current.version}`);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="this definition"></forbidden-view>`;
    const c = this.current;
    const steps = c?.definition.steps ?? [];
    return html`<div class="page-head"><h1>${this.name}</h1>
        <div class="actions"><a class="button" href="/workflows${query({ definition: this.name })}">Workflows</a>
        ${session.can('definitions:write', this.name) ? html`<a class="button" href=${definitionEditUrl(this.name)}>Edit</a>` : nothing}
        ${session.can('workflows:start', this.name) ? html`<a class="button primary" href="/start${query({ definition: this.name })}">Start workflow</a>` : nothing}</div></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Version</th><th>Registered</th><th class="wide">By</th><th>Deprecation</th><th class="wide">Description</th></tr></thead>
        <tbody>${this.versions.map((v) => html`<tr class=${c?.version === v.version ? 'current' : ''}>
          <td><button type="button" class="link" aria-pressed=${c?.version === v.version ? 'true' : 'false'} @click=${() => this.show(v.version).catch((err) => (this.error = (err as Error).message))}>v${v.version}</button></td>
          <td>${time(v.createdAt)}</td><td class="wide">${v.registeredBy ?? '—'}</td>
          <td>${v.deprecation ? html`<span class="badge st-Failed">deprecated</span> ${v.deprecation.reason ?? ''}${v.deprecation.replacement ? ` → v${v.deprecation.replacement}` : ''}` : '—'}</td>
          <td class="wide">${v.description ?? ''}</td></tr>`)}</tbody>
      </table></div>
      ${c ? html`<section class="card"><h2>Version ${c.version}</h2>
          <dag-view .nodes=${steps.map((s) => ({ id: s.id, type: s.type, dependsOn: s.dependsOn ?? [] }))}></dag-view>
          ${this.versions.length > 1 ? html`<label class="inline">Compare with
            <select .value=${this.compareTo} @change=${(e: Event) => this.compare((e.target as HTMLSelectElement).value)}>
              <option value="">—</option>${this.versions.filter((v) => v.version !== c.version).map((v) => html`<option value=${v.version}>v${v.version}</option>`)}
            </select></label>` : nothing}
          ${this.diff ? html`<json-view label="Changes from v${this.compareTo} to v${c.version}" .value=${this.diff}></json-view>` : nothing}
          <json-view label="Document" .value=${c.definition}></json-view></section>` : nothing}`;
  }
}
customElements.define('definition-detail', DefinitionDetail);
