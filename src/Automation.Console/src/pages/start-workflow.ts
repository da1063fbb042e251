import { html, nothing } from 'lit';
import { Validator, type Schema } from '@cfworker/json-schema';
import { LightElement } from '../element';
import { ApiError, enc, get, post, query } from '../api';
import { navigate, workflowUrl } from '../router';
import type { Definition, DefinitionSummary, VersionInfo } from '../types';

/** Turns a validator's instance location (#/a/0) into the API's path under the input ($.input.a[0]). */
export function inputPath(location: string): string {
  const parts = location.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : `${path}.${p}`), '$.input');
}

/** A validator error as the API words it: a missing property at its own path, an unexpected property named. */
function describeError(keyword: string, location: string, error: string): { path: string; message: string } {
  const path = inputPath(location);
  const missing = keyword === 'required' ? /required property "([^"]+)"/.exec(error) : null;
  if (missing) return { path: `${path}.${missing[1]}`, message: `Required property '${missing[1]}' is missing.` };
  if (keyword === 'false') return { path, message: 'Property is not allowed (additionalProperties).' };
  return { path, message: error };
}

const summaryKeywords = new Set(['properties', 'items', 'prefixItems', 'allOf', 'anyOf', 'oneOf', '$ref', 'additionalProperties', 'unevaluatedProperties', 'dependentSchemas', 'if', 'then', 'else', 'not', 'contains']);

/**
 * Starts a workflow. The input is checked as you type against the chosen version's input schema (the same JSON Schema
 * the API checks, draft 2020-12, with an interpreter that needs no eval, so the CSP holds), and the server's
 * problems are shown next to the fields they name.
 */
export class StartWorkflow extends LightElement {
  static override properties = {
    search: {},
    definitions: { state: true }, versions: { state: true }, definitionName: { state: true }, version: { state: true },
    document: { state: true }, inputText: { state: true }, workflowId: { state: true }, tags: { state: true },
    clientErrors: { state: true }, serverError: { state: true }, busy: { state: true },
  };
  private touched = false;
  declare search: string;
  declare definitions: DefinitionSummary[];
  declare versions: VersionInfo[];
  declare definitionName: string;
  declare version: string;
  declare document: Definition | undefined;
  declare inputText: string;
  declare workflowId: string;
  declare tags: string;
  declare clientErrors: { path: string; message: string }[];
  declare serverError: ApiError | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.search = '';
    this.definitions = [];
    this.versions = [];
    this.definitionName = '';
    this.version = '';
    this.inputText = '{}';
    this.workflowId = '';
    this.tags = '';
    this.clientErrors = [];
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const wanted = new URLSearchParams(this.search).get('definition') ?? '';
    get<{ items: DefinitionSummary[] }>('/api/v1/definitions').then((d) => {
      this.definitions = d.items;
      if (wanted || d.items.length) void this.pick(wanted || d.items[0].name);
    }, (err) => this.fail(err));
  }

  private async pick(name: string): Promise<void> {
    this.definitionName = name;
    this.version = '';
    this.versions = [];
    try {
      this.versions = (await get<{ versions: VersionInfo[] }>(`/api/v1/definitions/${enc(name)}/versions`)).versions;
      await this.loadVersion();
    } catch (err) {
      this.fail(err);
    }
  }

  // A 401 is handled by the shell (the sign-in dialog over this page); anything else is shown on the form.
  private fail(err: unknown): void {
    if (err instanceof ApiError && err.status === 401) return;
    this.serverError = err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) });
  }

  private async loadVersion(): Promise<void> {
    const v = this.version || String(this.versions[this.versions.length - 1]?.version ?? '');
    if (!v) return;
    this.document = await get<Definition>(`/api/v1/definitions/${enc(this.definitionName)}/versions/${enc(v)}`);
    if (this.touched) this.validate();
  }

  /** Parses and validates the input; answers the value when it is valid. */
  private validate(): { ok: boolean; value?: unknown } {
    let value: unknown;
    try {
      value = this.inputText.trim() ? JSON.parse(this.inputText) : {};
    } catch (err) {
      this.clientErrors = [{ path: '$.input', message: `Not JSON: ${(err as Error).message}` }];
      return { ok: false };
    }
    const schema = this.document?.definition.input;
    if (schema && typeof schema === 'object') {
      try {
        const result = new Validator(schema as Schema, '2020-12', false).validate(value);
        const seen = new Set<string>();
        this.clientErrors = result.errors
          .filter((e) => !summaryKeywords.has(e.keyword))
          .map((e) => describeError(e.keyword, e.instanceLocation, e.error))
          .filter((e) => (seen.has(e.path + e.message) ? false : (seen.add(e.path + e.message), true)));
        if (result.errors.length && this.clientErrors.length === 0) {
          this.clientErrors = result.errors.slice(0, 1).map((e) => describeError(e.keyword, e.instanceLocation, e.error));
        }
      } catch (err) {
        this.clientErrors = [];
        console.warn('The input schema could not be checked in the browser; the server will check it.', err);
      }
    } else {
      this.clientErrors = [];
    }
    return { ok: this.clientErrors.length === 0, value };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.serverError = undefined;
    this.touched = true;
    const { ok, value } = this.validate();
    if (!ok) {
      (this.querySelector('#input') as HTMLElement | null)?.focus();
      return;
    }
    const body: Record<string, unknown> = { definition: this.definitionName, input: value };
    if (this.version) body.version = Number(this.version);
    if (this.workflowId.trim()) body.workflowId = this.workflowId.trim();
    const tags = this.tags.split(/[\s,]+/).filter(Boolean);
    if (tags.length) body.tags = tags;
    this.busy = true;
    try {
      const started = await post<{ workflowId: string; status: string }>('/api/v1/workflows', body, { 'Idempotency-Key': crypto.randomUUID() });
      navigate(workflowUrl(started.workflowId));
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private field(path: string) {
    const messages = this.serverError?.fieldErrors(path) ?? [];
    return messages.length ? html`<ul class="field-errors" role="alert">${messages.map((m) => html`<li>${m}</li>`)}</ul>` : nothing;
  }

  protected override render() {
    const schema = this.document?.definition.input;
    const handled = ['$.definition', '$.version', '$.workflowId', '$.tags', '$.input'];
    const otherServer = this.serverError && (!this.serverError.problem.errors || Object.keys(this.serverError.problem.errors).some((k) => !handled.some((h) => k === h || k.startsWith(h + '.') || k.startsWith(h + '['))));
    return html`<h1>Start a workflow</h1>
      <form class="card form" @submit=${this.submit} novalidate>
        <label>Definition
          <select name="definition" required .value=${this.definitionName} @change=${(e: Event) => this.pick((e.target as HTMLSelectElement).value)}>
            ${this.definitions.map((d) => html`<option value=${d.name} ?selected=${d.name === this.definitionName}>${d.name}</option>`)}
          </select></label>
        ${this.field('$.definition')}
        <label>Version
          <select name="version" .value=${this.version} @change=${(e: Event) => { this.version = (e.target as HTMLSelectElement).value; this.loadVersion().catch((err) => this.fail(err)); }}>
            <option value="">Latest</option>
            ${this.versions.map((v) => html`<option value=${v.version} ?disabled=${!!v.deprecation}>v${v.version}${v.deprecation ? ' (deprecated)' : ''}</option>`)}
          </select></label>
        ${this.field('$.version')}
        <label>Workflow id (optional)<input name="workflowId" maxlength="200" .value=${this.workflowId} @input=${(e: Event) => (this.workflowId = (e.target as HTMLInputElement).value)} placeholder="generated when empty" /></label>
        ${this.field('$.workflowId')}
        <label>Tags (optional)<input name="tags" .value=${this.tags} @input=${(e: Event) => (this.tags = (e.target as HTMLInputElement).value)} placeholder="team:payments, priority-high" /></label>
        ${this.field('$.tags')}
        <label for="input">Input (JSON)</label>
        <textarea id="input" name="input" rows="10" spellcheck="false" aria-describedby="input-errors" aria-invalid=${this.clientErrors.length ? 'true' : 'false'}
          .value=${this.inputText} @input=${(e: Event) => { this.inputText = (e.target as HTMLTextAreaElement).value; this.touched = true; this.validate(); }}></textarea>
        <div id="input-errors">
          ${this.clientErrors.length ? html`<ul class="field-errors" data-testid="input-errors">${this.clientErrors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul>` : nothing}
          ${this.field('$.input')}
        </div>
        ${schema ? html`<details><summary>Input schema</summary><json-view label="Schema" .value=${schema}></json-view></details>` : html`<p class="muted small">This version declares no input schema: any JSON is accepted.</p>`}
        ${otherServer ? html`<p class="error" role="alert">${this.serverError!.message}</p>` : nothing}
        <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy || !this.definitionName}>Start</button>
          <a class="button" href="/workflows${query({ definition: this.definitionName })}">Back to the list</a></div>
      </form>`;
  }
}
customElements.define('start-workflow', StartWorkflow);
