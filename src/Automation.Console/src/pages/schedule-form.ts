import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { ApiError, enc, get, put } from '../api';
import { session } from '../session';
import { navigate, scheduleUrl, setLeaveGuard } from '../router';
import { pretty } from '../format';
import type { DefinitionSummary, VersionInfo } from '../types';
import type { ConfirmDialog } from '../components/confirm-dialog';
import { forbiddenBy } from '../components/forbidden-view';
import { describeCron, type Schedule } from './schedules';
import '../components/forbidden-view';
import '../components/confirm-dialog';

// The schedule form: creates a schedule (PUT /api/v1/schedules/{id} with a new id) or replaces one. It checks what
// the browser can (id, number of cron fields, JSON input, durations) before sending; the server checks the cron
// expression, the time zone and the definition, and its problems are shown at the fields they name.

const scheduleIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,54}$/;

const overlaps = [
  ['skip', 'Skip the fire (default)'], ['allow', 'Start anyway'], ['bufferOne', 'Buffer one fire until it ends'], ['cancelPrevious', 'Cancel the running one'],
];
const catchUps = [['one', 'Start the latest missed fire (default)'], ['skip', 'Skip them'], ['all', 'Start all within a window']];
const handledFields = ['scheduleId', '$.cron', '$.timeZone', '$.definition', '$.version', '$.input', '$.tags', '$.catchUp', '$.catchUpWindow', '$.overlap', '$.jitter', '$.paused'];

/** Creates a schedule (a new id) or replaces one (PUT). Checks what it can before sending; the server's problems are shown at their fields. */
export class ScheduleForm extends LightElement {
  static override properties = {
    scheduleId: {}, newId: { state: true }, cron: { state: true }, timeZone: { state: true }, definition: { state: true }, version: { state: true },
    inputText: { state: true }, tags: { state: true }, overlap: { state: true }, catchUp: { state: true }, catchUpWindow: { state: true },
    jitter: { state: true }, paused: { state: true }, definitions: { state: true }, versions: { state: true }, clientErrors: { state: true },
    serverError: { state: true }, forbidden: { state: true }, busy: { state: true }, loaded: { state: true },
  };
  declare scheduleId: string;
  declare newId: string;
  declare cron: string;
  declare timeZone: string;
  declare definition: string;
  declare version: string;
  declare inputText: string;
  declare tags: string;
  declare overlap: string;
  declare catchUp: string;
  declare catchUpWindow: string;
  declare jitter: string;
  declare paused: boolean;
  declare definitions: DefinitionSummary[] | undefined;
  declare versions: VersionInfo[];
  declare clientErrors: Record<string, string>;
  declare serverError: ApiError | undefined;
  declare forbidden: ApiError | undefined;
  declare busy: boolean;
  declare loaded: boolean;
  private loadedId: string | undefined;
  private versionsSeq = 0; // the versions of the definition picked last win over a slower answer for an earlier pick
  private saved = ''; // the form as loaded (or last saved): leaving with other values asks first
  private submitted = false;

  constructor() {
    super();
    this.scheduleId = '';
    Object.assign(this, {
      newId: '', cron: '', timeZone: 'UTC', definition: '', version: '', inputText: '{}', tags: '', overlap: 'skip', catchUp: 'one',
      catchUpWindow: '', jitter: '', paused: false, versions: [], clientErrors: {}, busy: false, loaded: false,
    });
  }

  /** What the user can change, to tell unsaved changes from the loaded schedule. */
  private snapshot(): string {
    return JSON.stringify([this.newId, this.cron, this.timeZone, this.definition, this.version, this.inputText, this.tags, this.overlap, this.catchUp, this.catchUpWindow, this.jitter, this.paused]);
  }

  private get dirty(): boolean {
    return this.loaded && !this.submitted && this.snapshot() !== this.saved;
  }

  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!this.dirty) return;
    e.preventDefault();
    e.returnValue = '';
  };

  private readonly leaveGuard = async (): Promise<boolean> => {
    if (!this.dirty) return true;
    const dialog = this.querySelector('confirm-dialog') as ConfirmDialog | null;
    if (!dialog) return true;
    const answer = await dialog.ask({
      heading: 'Leave without saving?',
      body: this.editing ? `Your changes to schedule ${this.scheduleId} have not been saved and will be lost.` : 'This schedule has not been created; what you entered will be lost.',
      confirmLabel: 'Leave',
      danger: true,
    });
    return answer !== null;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
    setLeaveGuard(this.leaveGuard);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    setLeaveGuard(undefined);
  }

  private get editing(): boolean {
    return this.scheduleId !== '';
  }

  protected override willUpdate(): void {
    if (this.loadedId !== this.scheduleId) {
      this.loadedId = this.scheduleId;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    // Without the permission the form only says so: nothing is loaded (as the definition editor does).
    if (!session.can('schedules:write')) {
      this.forbidden = new ApiError({ status: 403, permission: 'schedules:write', detail: 'Creating and changing schedules needs the schedules:write permission.' });
      return;
    }
    try {
      if (this.editing) {
        const s = await get<Schedule>(`/api/v1/schedules/${enc(this.scheduleId)}`);
        Object.assign(this, {
          newId: s.id, cron: s.cron, timeZone: s.timeZone, definition: s.definition, version: s.version ? String(s.version) : '',
          inputText: pretty(s.input), tags: s.tags.join(', '), overlap: s.overlap, catchUp: s.catchUp, catchUpWindow: s.catchUpWindow ?? '',
          jitter: s.jitter ?? '', paused: s.paused,
        });
      }
      if (session.can('definitions:read')) {
        this.definitions = (await get<{ items: DefinitionSummary[] }>('/api/v1/definitions')).items;
        if (!this.definition && this.definitions.length) this.definition = this.definitions[0].name;
      }
      this.saved = this.snapshot();
      this.loaded = true;
      if (this.definitions) await this.loadVersions();
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.fail(err);
    }
  }

  private async loadVersions(): Promise<void> {
    const seq = ++this.versionsSeq;
    this.versions = [];
    if (!this.definition || !this.definitions?.some((d) => d.name === this.definition)) return;
    const versions = (await get<{ versions: VersionInfo[] }>(`/api/v1/definitions/${enc(this.definition)}/versions`)).versions;
    if (seq === this.versionsSeq) this.versions = versions;
  }

  private fail(err: unknown): void {
    if (err instanceof ApiError && err.status === 401) return;
    this.serverError = err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) });
  }

  /** The checks the browser can make; the server checks the cron expression, the time zone and the definition. */
  private check(): { ok: boolean; input?: unknown } {
    const errors: Record<string, string> = {};
    if (!this.editing && !scheduleIdPattern.test(this.newId)) {
      errors.scheduleId = "Use 1–55 letters, digits, '.', '_' and '-', starting with a letter or digit.";
    }
    const fields = this.cron.trim().split(/\s+/).filter(Boolean).length;
    if (fields === 0) errors['$.cron'] = 'Required: a cron expression of 5 fields, or 6 with seconds first.';
    else if (fields < 5 || fields > 6) errors['$.cron'] = `Has ${fields} fields; use 5 (minute hour day-of-month month day-of-week) or 6 (second first).`;
    if (!this.definition.trim()) errors['$.definition'] = 'Required: the definition each fire starts.';
    if (!this.timeZone.trim()) errors['$.timeZone'] = 'Required: an IANA time zone such as UTC or Europe/Berlin.';
    if (this.catchUp === 'all' && !this.catchUpWindow.trim()) errors['$.catchUpWindow'] = 'Required with "start all": how far back, e.g. 1h (at most 7d).';
    const durationPattern = /^\d+(\.\d+)?(ms|s|m|h|d)$/;
    if (this.catchUp === 'all' && this.catchUpWindow.trim() && !durationPattern.test(this.catchUpWindow.trim())) errors['$.catchUpWindow'] = 'A number and a unit (ms, s, m, h, d), e.g. 1h.';
    if (this.jitter.trim() && !durationPattern.test(this.jitter.trim())) errors['$.jitter'] = 'A number and a unit (ms, s, m, h, d), e.g. 30s.';
    let input: unknown;
    try {
      input = this.inputText.trim() ? JSON.parse(this.inputText) : {};
    } catch (err) {
      errors['$.input'] = `Not JSON: ${(err as Error).message}`;
    }
    this.clientErrors = errors;
    return { ok: Object.keys(errors).length === 0, input };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.serverError = undefined;
    const { ok, input } = this.check();
    if (!ok) {
      (this.querySelector('[aria-invalid=true]') as HTMLElement | null)?.focus();
      return;
    }
    const body: Record<string, unknown> = {
      cron: this.cron.trim(), timeZone: this.timeZone.trim(), definition: this.definition.trim(), input, overlap: this.overlap, catchUp: this.catchUp, paused: this.paused,
    };
    if (this.version) body.version = Number(this.version);
    const tags = this.tags.split(/[\s,]+/).filter(Boolean);
    if (tags.length) body.tags = tags;
    if (this.catchUp === 'all') body.catchUpWindow = this.catchUpWindow.trim();
    if (this.jitter.trim()) body.jitter = this.jitter.trim();
    const id = this.editing ? this.scheduleId : this.newId.trim();
    this.busy = true;
    try {
      if (!this.editing && (await this.exists(id))) {
        this.clientErrors = { scheduleId: `A schedule named '${id}' exists already: pick another id, or edit that one.` };
        return;
      }
      await put(`/api/v1/schedules/${enc(id)}`, body);
      this.submitted = true;
      navigate(scheduleUrl(id));
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  // The list, not GET /schedules/{id}: a 404 would be logged in the browser's console for every new id.
  private async exists(id: string): Promise<boolean> {
    return (await get<{ items: Schedule[] }>('/api/v1/schedules')).items.some((s) => s.id === id);
  }

  /** The browser's and the server's messages for a field (a JSON path, or the route's scheduleId). */
  private errorsOf(field: string): string[] {
    return [...(this.clientErrors[field] ? [this.clientErrors[field]] : []), ...(this.serverError?.fieldErrors(field) ?? [])];
  }

  private field(field: string, id: string) {
    const messages = this.errorsOf(field);
    return messages.length ? html`<ul class="field-errors" id="${id}-errors" data-field=${field} role="alert">${messages.map((m) => html`<li>${m}</li>`)}</ul>` : nothing;
  }

  private invalid(field: string): 'true' | 'false' {
    return this.errorsOf(field).length ? 'true' : 'false';
  }

  private bind(name: keyof this & string) {
    return (e: Event) => {
      (this as Record<string, unknown>)[name] = (e.target as HTMLInputElement).value;
    };
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="this form"></forbidden-view>`;
    const heading = this.editing ? `Edit schedule ${this.scheduleId}` : 'New schedule';
    if (this.editing && !this.loaded) {
      return html`<h1>${heading}</h1>${this.serverError ? html`<p class="error" role="alert">${this.serverError.message}</p>` : html`<p class="muted" aria-busy="true">Loading…</p>`}`;
    }
    const sentence = describeCron(this.cron);
    const errors = this.serverError?.problem.errors;
    const other = this.serverError && (!errors || Object.keys(errors).some((k) => !handledFields.some((h) => k === h || k.startsWith(h + '.') || k.startsWith(h + '['))));
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return html`<h1>${heading}</h1>
      <form class="card form" @submit=${this.submit} novalidate>
        ${this.editing ? nothing : html`<label for="schedule-id">Schedule id</label>
          <input id="schedule-id" name="scheduleId" maxlength="55" autocomplete="off" .value=${this.newId} @input=${this.bind('newId')}
            aria-invalid=${this.invalid('scheduleId')} aria-describedby="schedule-id-errors" placeholder="nightly-report" />
          ${this.field('scheduleId', 'schedule-id')}`}
        <label for="schedule-cron">Cron expression</label>
        <input id="schedule-cron" name="cron" autocomplete="off" spellcheck="false" .value=${this.cron} @input=${this.bind('cron')}
          aria-invalid=${this.invalid('$.cron')} aria-describedby="schedule-cron-help schedule-cron-errors" placeholder="0 3 * * *" />
        <p id="schedule-cron-help" class="small muted" data-testid="cron-sentence">${sentence
          ? html`Reads: <strong>${sentence}</strong> (${this.timeZone || 'UTC'}).`
          : 'Five fields (minute hour day-of-month month day-of-week), or six with seconds first, e.g. 0 3 * * 1-5.'}</p>
        ${this.field('$.cron', 'schedule-cron')}
        <label for="schedule-tz">Time zone</label>
        <input id="schedule-tz" name="timeZone" list="time-zones" autocomplete="off" .value=${this.timeZone} @input=${this.bind('timeZone')}
          aria-invalid=${this.invalid('$.timeZone')} aria-describedby="schedule-tz-errors" />
        <datalist id="time-zones">${zones.map((z) => html`<option value=${z}></option>`)}</datalist>
        ${this.field('$.timeZone', 'schedule-tz')}
        <label for="schedule-definition">Definition</label>
        ${this.definitions
          ? html`<select id="schedule-definition" name="definition" .value=${this.definition} aria-invalid=${this.invalid('$.definition')} aria-describedby="schedule-definition-errors"
              @change=${(e: Event) => { this.definition = (e.target as HTMLSelectElement).value; this.version = ''; this.loadVersions().catch((err) => this.fail(err)); }}>
              ${this.definitions.some((d) => d.name === this.definition) ? nothing : html`<option value=${this.definition}>${this.definition || '—'}</option>`}
              ${this.definitions.map((d) => html`<option value=${d.name} ?selected=${d.name === this.definition}>${d.name}</option>`)}</select>`
          : html`<input id="schedule-definition" name="definition" .value=${this.definition} @input=${this.bind('definition')} aria-invalid=${this.invalid('$.definition')} aria-describedby="schedule-definition-errors" />`}
        ${this.field('$.definition', 'schedule-definition')}
        <label for="schedule-version">Version</label>
        <select id="schedule-version" name="version" .value=${this.version} @change=${this.bind('version')} aria-describedby="schedule-version-errors">
          <option value="">Latest at each fire</option>
          ${this.versions.map((v) => html`<option value=${v.version} ?selected=${String(v.version) === this.version}>v${v.version}${v.deprecation ? ' (deprecated)' : ''}</option>`)}
          ${this.version && !this.versions.some((v) => String(v.version) === this.version) ? html`<option value=${this.version} selected>v${this.version}</option>` : nothing}
        </select>
        ${this.field('$.version', 'schedule-version')}
        <label for="schedule-input">Input of every run (JSON)</label>
        <textarea id="schedule-input" name="input" rows="6" spellcheck="false" .value=${this.inputText} @input=${this.bind('inputText')}
          aria-invalid=${this.invalid('$.input')} aria-describedby="schedule-input-errors"></textarea>
        ${this.field('$.input', 'schedule-input')}
        <label for="schedule-tags">Tags (optional; every run also gets schedule:${this.editing ? this.scheduleId : this.newId || '…'})</label>
        <input id="schedule-tags" name="tags" .value=${this.tags} @input=${this.bind('tags')} aria-invalid=${this.invalid('$.tags')} aria-describedby="schedule-tags-errors" placeholder="team:reports" />
        ${this.field('$.tags', 'schedule-tags')}
        <div class="form-row">
          <label>While the previous run is active
            <select name="overlap" .value=${this.overlap} @change=${this.bind('overlap')}>${overlaps.map(([v, l]) => html`<option value=${v} ?selected=${v === this.overlap}>${l}</option>`)}</select></label>
          <label>Fires missed while the system was down
            <select name="catchUp" .value=${this.catchUp} @change=${this.bind('catchUp')}>${catchUps.map(([v, l]) => html`<option value=${v} ?selected=${v === this.catchUp}>${l}</option>`)}</select></label>
        </div>
        ${this.field('$.overlap', 'schedule-overlap')}${this.field('$.catchUp', 'schedule-catchup')}
        ${this.catchUp === 'all' ? html`<label for="schedule-window">Catch-up window (e.g. 1h, at most 7d)</label>
          <input id="schedule-window" name="catchUpWindow" .value=${this.catchUpWindow} @input=${this.bind('catchUpWindow')} aria-invalid=${this.invalid('$.catchUpWindow')} aria-describedby="schedule-window-errors" />` : nothing}
        ${this.field('$.catchUpWindow', 'schedule-window')}
        <label for="schedule-jitter">Jitter (optional: delay each fire by up to, e.g. 30s)</label>
        <input id="schedule-jitter" name="jitter" .value=${this.jitter} @input=${this.bind('jitter')} aria-invalid=${this.invalid('$.jitter')} aria-describedby="schedule-jitter-errors" />
        ${this.field('$.jitter', 'schedule-jitter')}
        <label class="check"><input type="checkbox" name="paused" .checked=${this.paused} @change=${(e: Event) => (this.paused = (e.target as HTMLInputElement).checked)} /> Paused</label>
        ${other ? html`<p class="error" role="alert">${this.serverError!.message}</p>` : nothing}
        <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${this.editing ? 'Save' : 'Create schedule'}</button>
          <a class="button" href=${this.editing ? scheduleUrl(this.scheduleId) : '/schedules'}>Cancel</a></div>
      </form>
      <confirm-dialog></confirm-dialog>`;
  }
}
customElements.define('schedule-form', ScheduleForm);
