import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { api, ApiError, enc, get, post, query } from '../api';
import { session } from '../session';
import { definitionEditUrl, definitionUrl, navigate, newDefinitionUrl, setLeaveGuard } from '../router';
import type { Definition } from '../types';
import type { DagNode } from '../components/dag-view';
import type { ConfirmDialog } from '../components/confirm-dialog';
import type { JsonEditor } from '../components/json-editor';
import { findStep, locate, parseJson } from '../components/json-paths';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/dag-view';
import '../components/forbidden-view';
import '../components/confirm-dialog';
import '../components/json-editor';

/** The answer of POST /api/v1/definitions/{name}/validate. */
interface Validation {
  valid: boolean;
  errors: { path: string; message: string; line: number | null; column: number | null }[];
  graph: { steps: { id: string; type: string; dependsOn: string[]; when: string | null }[] } | null;
  changed: boolean;
  latestVersion: number | null;
}

/** One problem of the document, where it is in the text. */
interface Problem { from: number; to: number; line: number; path: string; message: string }

/** A registration made on /definitions/new, shown by the editor page it then moves to. */
let justRegistered: { name: string; version: number } | undefined;

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const debounceMs = 300;
const starter = `{
  "description": "What this workflow does",
  "steps": [
    { "id": "hello", "type": "transform", "with": { "value": "Hello" } }
  ]
}
`;

/**
 * The definition editor (/definitions/new, /definitions/{name}/edit): JSON with its problems shown as you type (syntax
 * locally, everything else by the API's validation endpoint, which runs PUT's own checks and stores nothing), a live
 * graph of the steps, and "Register new version" once the document is valid and differs from the latest version.
 */
export class DefinitionEditor extends LightElement {
  static override properties = {
    name: {}, nameInput: { state: true }, loadError: { state: true }, forbidden: { state: true }, loading: { state: true }, problems: { state: true },
    validation: { state: true }, checking: { state: true }, checkError: { state: true }, graph: { state: true },
    graphStale: { state: true }, dirty: { state: true }, registering: { state: true }, registered: { state: true },
    registerError: { state: true }, syntaxBroken: { state: true },
  };
  declare name: string;
  declare nameInput: string;
  declare loadError: string;
  declare forbidden: ApiError | undefined;
  declare loading: boolean;
  declare problems: Problem[];
  declare validation: Validation | undefined;
  declare checking: boolean;
  declare checkError: string;
  declare graph: DagNode[];
  declare graphStale: boolean;
  declare dirty: boolean;
  declare registering: boolean;
  declare registered: { name: string; version: number } | undefined;
  declare registerError: string;
  declare syntaxBroken: boolean;

  private loadedName: string | undefined;
  private text = '';
  private savedText = '';
  private savedName = '';
  private validatedText: string | undefined;
  private validatedName: string | undefined;
  private timer: number | undefined;
  private sequence = 0;

  constructor() {
    super();
    this.name = '';
    this.nameInput = '';
    this.loadError = '';
    this.loading = false;
    this.problems = [];
    this.checking = false;
    this.checkError = '';
    this.graph = [];
    this.graphStale = false;
    this.dirty = false;
    this.registering = false;
    this.registerError = '';
    this.syntaxBroken = false;
  }

  private get isNew(): boolean {
    return this.name === '';
  }

  private get targetName(): string {
    return this.isNew ? this.nameInput.trim() : this.name;
  }

  private get editor(): JsonEditor | null {
    return this.querySelector('json-editor');
  }

  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!this.dirty) return;
    e.preventDefault();
    e.returnValue = '';
  };

  private readonly onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void this.register();
    }
  };

  private readonly leaveGuard = async (): Promise<boolean> => {
    if (!this.dirty) return true;
    const dialog = this.querySelector('confirm-dialog') as ConfirmDialog | null;
    if (!dialog) return true;
    const answer = await dialog.ask({
      heading: 'Leave without registering?',
      body: 'Your changes to this definition have not been registered and will be lost.',
      confirmLabel: 'Leave',
      danger: true,
    });
    return answer !== null;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
    window.addEventListener('keydown', this.onKey);
    setLeaveGuard(this.leaveGuard);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    window.removeEventListener('keydown', this.onKey);
    window.clearTimeout(this.timer);
    setLeaveGuard(undefined);
  }

  protected override willUpdate(): void {
    if (this.name !== this.loadedName) {
      this.loadedName = this.name;
      void this.load();
    }
  }

  /** Whether the signed-in principal may register this definition (the API checks it too). */
  private get canWrite(): boolean {
    return session.can('definitions:write', this.isNew ? undefined : this.name);
  }

  private async load(): Promise<void> {
    // Without the permission the page only says so: nothing to load or check.
    if (!this.canWrite) return;
    this.loadError = '';
    this.forbidden = undefined;
    this.registered = undefined;
    this.registerError = '';
    this.validation = undefined;
    this.problems = [];
    this.graph = [];
    let text = starter;
    if (!this.isNew) {
      this.loading = true;
      try {
        const latest = await get<Definition>(`/api/v1/definitions/${enc(this.name)}`);
        text = JSON.stringify(latest.definition, null, 2) + '\n';
      } catch (err) {
        this.forbidden = forbiddenBy(err);
        this.loadError = err instanceof ApiError && err.status === 404
          ? `There is no definition named “${this.name}”.`
          : (err as Error).message;
        return;
      } finally {
        this.loading = false;
      }
    }
    if (justRegistered && justRegistered.name === this.name) {
      this.registered = justRegistered;
      justRegistered = undefined;
    }
    this.text = text;
    this.savedText = text;
    this.savedName = this.targetName;
    this.dirty = false;
    await this.updateComplete;
    this.editor?.load(text);
    void this.check();
  }

  private edited(text: string): void {
    this.text = text;
    this.registered = undefined;
    this.registerError = '';
    this.dirty = this.text !== this.savedText || this.targetName !== this.savedName;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.check(), debounceMs);
  }

  private nameChanged(value: string): void {
    this.nameInput = value;
    this.edited(this.text);
  }

  /** Syntax first, here; then, when the text is JSON and the name is valid, everything else by the API. */
  private async check(): Promise<void> {
    const text = this.text;
    const name = this.targetName;
    const sequence = ++this.sequence;
    const { root, errors } = parseJson(text);
    this.checkError = '';
    if (errors.length > 0) {
      this.syntaxBroken = true;
      this.validation = undefined;
      this.validatedText = undefined;
      this.graphStale = this.graph.length > 0;
      this.show(errors.map((e) => ({ ...e, path: '$' })));
      return;
    }
    this.syntaxBroken = false;
    if (!namePattern.test(name)) {
      this.validation = undefined;
      this.show([]);
      return;
    }
    this.checking = true;
    try {
      const result = await post<Validation>(`/api/v1/definitions/${enc(name)}/validate`, JSON.parse(text));
      // The text changed meanwhile: a newer check is on its way (offsets of this answer would be wrong now).
      if (sequence !== this.sequence || this.text !== text || this.targetName !== name) return;
      this.validation = result;
      this.validatedText = text;
      this.validatedName = name;
      this.show(result.errors.map((e) => {
        const at = e.line !== null && e.column !== null && this.editor
          ? { from: this.editor.offsetOf(e.line, e.column), to: this.editor.offsetOf(e.line, e.column) + 1, exact: true }
          : locate(root, e.path);
        return { from: at.from, to: at.to, path: e.path, message: at.exact ? e.message : `${e.message} (${e.path})` };
      }));
      if (result.valid && result.graph) {
        this.graph = result.graph.steps.map((s) => ({ id: s.id, type: s.type, dependsOn: s.dependsOn }));
        this.graphStale = false;
      } else {
        this.graphStale = this.graph.length > 0;
      }
    } catch (err) {
      if (sequence !== this.sequence) return;
      this.validation = undefined;
      this.checkError = `Could not check the definition: ${(err as Error).message}`;
    } finally {
      if (sequence === this.sequence) this.checking = false;
    }
  }

  private show(found: { from: number; to: number; path: string; message: string }[]): void {
    const editor = this.editor;
    this.problems = found
      .map((p) => ({ ...p, line: editor?.lineAt(p.from) ?? 1 }))
      .sort((a, b) => a.from - b.from || a.path.localeCompare(b.path));
    if (editor) {
      editor.problems = this.problems.map((p) => ({
        from: p.from, to: p.to, severity: 'error' as const, message: p.path === '$' ? p.message : `${p.path}: ${p.message}`,
      }));
    }
  }

  /** A step selected in the preview: the cursor goes to where it is written. */
  private stepSelected(id: string): void {
    const at = findStep(parseJson(this.text).root, id);
    if (at !== undefined) this.editor?.focusAt(at);
  }

  private get canRegister(): boolean {
    const v = this.validation;
    return !!v && v.valid && v.changed && !this.registering && !this.checking
      && this.validatedText === this.text && this.validatedName === this.targetName;
  }

  private async register(): Promise<void> {
    if (!this.canRegister) return;
    const name = this.targetName;
    const text = this.text;
    this.registering = true;
    this.registerError = '';
    try {
      const stored = await api<Definition>('PUT', `/api/v1/definitions/${enc(name)}`, JSON.parse(text));
      this.registered = { name, version: stored.version };
      this.savedText = text;
      this.savedName = name;
      this.dirty = this.text !== this.savedText;
      this.validation = { ...this.validation!, changed: false, latestVersion: stored.version };
      if (this.isNew) {
        // Now an existing definition: go on in its editor (which loads what was just registered and says so).
        justRegistered = this.registered;
        navigate(definitionEditUrl(name), true);
      }
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors) {
        const { root } = parseJson(text);
        const errors = Object.entries(err.problem.errors).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
        const inText = errors.filter((e) => e.path.startsWith('$'));
        this.show(inText.map((e) => ({ ...locate(root, e.path), ...e })));
        const other = errors.filter((e) => !e.path.startsWith('$'));
        this.registerError = other.length > 0 ? other.map((e) => `${e.path}: ${e.message}`).join('\n') : 'The API refused the definition: see the problems below.';
      } else {
        this.registerError = (err as Error).message;
      }
    } finally {
      this.registering = false;
    }
  }

  private status() {
    if (this.syntaxBroken) return 'The text is not valid JSON yet.';
    if (this.isNew && this.targetName === '') return 'Enter a name to check the definition.';
    if (this.isNew && !namePattern.test(this.targetName)) return 'Fix the name to check the definition.';
    if (this.checking || (this.validation && this.validatedText !== this.text)) return 'Checking…';
    if (this.checkError) return this.checkError;
    const v = this.validation;
    if (!v) return '';
    const count = this.problems.length;
    if (!v.valid) return `${count} problem${count === 1 ? '' : 's'}: fix ${count === 1 ? 'it' : 'them'} to register.`;
    if (!v.changed) return v.latestVersion ? `Valid. The same as version ${v.latestVersion}: nothing to register.` : 'Valid.';
    return v.latestVersion
      ? `Valid. Registering adds version ${v.latestVersion + 1} (latest: ${v.latestVersion}).`
      : 'Valid. Registering creates version 1.';
  }

  protected override render() {
    const title = this.isNew ? 'New definition' : `Edit ${this.name}`;
    const name = this.targetName;
    if (!this.canWrite) {
      // Known before asking the API (nothing is loaded): shown as the API's 403 would be.
      const refused = new ApiError({ status: 403, permission: 'definitions:write', detail: `Registering ${this.isNew ? 'definitions' : `“${this.name}”`} needs the definitions:write permission.` });
      return html`<forbidden-view .error=${refused} what="the definition editor"></forbidden-view>`;
    }
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the definition editor"></forbidden-view>`;
    if (this.loadError) {
      return html`<h1>${title}</h1><p class="error" role="alert">${this.loadError}</p><p><a href=${newDefinitionUrl}>Write a new definition</a></p>`;
    }
    const nameInvalid = this.isNew && this.nameInput !== '' && !namePattern.test(name);
    const v = this.validation;
    const status = this.status();
    const statusClass = this.syntaxBroken || (v && !v.valid) || this.checkError ? 'bad' : v?.valid ? 'good' : '';
    return html`
      <div class="page-head"><h1>${title}</h1>
        <div class="actions">
          ${this.isNew ? nothing : html`<a class="button" href=${definitionUrl(this.name)}>Versions</a>`}
          <button type="button" class="primary" ?disabled=${!this.canRegister} aria-describedby="editor-status"
            @click=${() => this.register()}>${this.registering ? 'Registering…' : 'Register new version'}</button>
        </div></div>
      ${this.isNew ? html`<div class="editor-name">
          <label>Name <input name="name" autocomplete="off" spellcheck="false" required maxlength="128" .value=${this.nameInput}
            aria-invalid=${nameInvalid ? 'true' : 'false'} aria-describedby="name-help"
            @input=${(e: Event) => this.nameChanged((e.target as HTMLInputElement).value)} /></label>
          <p id="name-help" class=${nameInvalid ? 'field-errors' : 'muted small'}>Letters, digits, “.”, “_” and “-”, starting with a letter or digit, at most 128 characters.</p>
          ${v?.latestVersion && this.validatedName === name ? html`<p class="notice">A definition named “${name}” exists (latest version ${v.latestVersion}): registering adds a version to it. <a href=${definitionUrl(name)}>See it</a></p>` : nothing}
        </div>` : nothing}
      ${this.registered ? html`<p class="notice success" role="status">Registered <strong>${this.registered.name}</strong> version ${this.registered.version}.
          <a href=${definitionUrl(this.registered.name)}>See version ${this.registered.version}</a>
          ${session.can('workflows:start', this.registered.name) ? html` · <a href="/start${query({ definition: this.registered.name })}">Start a workflow</a>` : nothing}</p>` : nothing}
      ${this.registerError ? html`<p class="error" role="alert">${this.registerError}</p>` : nothing}
      ${this.loading ? html`<p class="muted">Loading…</p>` : nothing}
      <div class="editor-grid">
        <section class="editor-pane" aria-label="Document">
          <json-editor label="Definition JSON" @text-changed=${(e: CustomEvent<string>) => this.edited(e.detail)}></json-editor>
          <p id="editor-status" class="editor-status ${statusClass}" role="status" aria-live="polite">${status}</p>
          <h2 class="editor-problems-heading">Problems <span class="muted">(${this.problems.length})</span></h2>
          ${this.problems.length === 0
            ? html`<p class="muted small">None found.</p>`
            : html`<ul class="editor-problems">${this.problems.map((p) => html`<li>
                <button type="button" class="problem" @click=${() => this.editor?.focusAt(p.from)}>
                  <span class="where">Line ${p.line}${p.path === '$' ? '' : html` · <code>${p.path}</code>`}</span>
                  <span class="what">${p.message}</span></button></li>`)}</ul>`}
          <p class="muted small">Ctrl+S registers; Tab leaves the editor; Ctrl+] and Ctrl+[ indent.</p>
        </section>
        <section class="card editor-preview" aria-labelledby="preview-heading" @step-selected=${(e: CustomEvent<string>) => this.stepSelected(e.detail)}>
          <h2 id="preview-heading">Preview</h2>
          ${this.graphStale ? html`<p class="muted small">The last valid document's steps (the text has problems now).</p>`
            : this.graph.length > 0 ? html`<p class="muted small">Select a step to go to it in the text.</p>` : nothing}
          ${this.graph.length > 0 ? html`<dag-view class=${this.graphStale ? 'stale' : ''} .nodes=${this.graph}></dag-view>`
            : html`<p class="muted">The steps appear here once the document is valid.</p>`}
        </section>
      </div>
      <confirm-dialog></confirm-dialog>`;
  }
}
customElements.define('definition-editor', DefinitionEditor);
