import { html, nothing, type TemplateResult } from 'lit';
import cronstrue from 'cronstrue';
import { LightElement } from '../element';
import { ApiError, del, enc, get, post, query } from '../api';
import { session } from '../session';
import { definitionUrl, navigate, scheduleUrl, workflowUrl } from '../router';
import { duration, time } from '../format';
import type { ConfirmDialog } from '../components/confirm-dialog';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/confirm-dialog';
import '../components/forbidden-view';
import '../components/json-view';

// Schedules: the list (GET /api/v1/schedules answers every schedule at once, with its next 10 fire times) and a
// schedule's page with its latest runs; the create/edit form is in schedule-form.ts. The cron expression is read out
// as a sentence (cronstrue); whether it is valid is the server's call (Cronos).

export interface ScheduleRun { workflowId: string; scheduledAt: string; startedAt: string; manual: boolean; status: string | null }
export interface Schedule {
  id: string; cron: string; timeZone: string; definition: string; version: number | null; input: unknown; tags: string[];
  catchUp: string; catchUpWindow: string | null; overlap: string; jitter: string | null; paused: boolean;
  createdAt: string; updatedAt: string; createdBy: string | null; nextFireTimes: string[]; recentRuns: ScheduleRun[];
  lastFireAt: string | null; skipped: number; bufferedFire: string | null; lastError: string | null;
}

/** The cron expression as a sentence, or undefined when it cannot be read (the server decides whether it is valid). */
export function describeCron(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length < 5 || fields.length > 6) return undefined;
  try {
    return cronstrue.toString(cron.trim(), { use24HourTimeFormat: true, throwExceptionOnParseError: true, verbose: false });
  } catch {
    return undefined;
  }
}

/** A UTC instant shown in the schedule's time zone (the browser's when it does not know the zone). */
export function inZone(iso: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
  };
  try {
    return new Date(iso).toLocaleString(undefined, { ...options, timeZone });
  } catch {
    return new Date(iso).toLocaleString(undefined, options);
  }
}

export function relative(iso: string): string {
  const ms = Date.parse(iso) - Date.now();
  return ms >= 0 ? `in ${duration(ms)}` : `${duration(-ms)} ago`;
}

/** What the schedules pages share: the actions (pause, resume, trigger now, delete) and their outcome. */
abstract class ScheduleActions extends LightElement {
  static override properties = { message: { state: true }, error: { state: true }, forbidden: { state: true }, busy: { state: true } };
  declare message: TemplateResult | string;
  declare error: string;
  declare forbidden: ApiError | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.message = '';
    this.error = '';
    this.busy = false;
  }

  protected abstract reload(): Promise<void>;

  protected fail(err: unknown): void {
    if (err instanceof ApiError && err.status === 401) return; // the shell opens the sign-in dialog over the page
    this.message = '';
    this.error = (err as Error).message;
  }

  private get dialog(): ConfirmDialog {
    return this.querySelector('confirm-dialog') as ConfirmDialog;
  }

  protected async act(s: Schedule, action: 'pause' | 'resume' | 'trigger' | 'delete'): Promise<void> {
    this.error = '';
    if (action === 'delete') {
      const ok = await this.dialog.ask({
        heading: `Delete schedule ${s.id}?`, danger: true, confirmLabel: 'Delete',
        body: html`It will start no more workflows. Workflows it started are left alone.`,
      });
      if (!ok) return;
    }
    this.busy = true;
    try {
      if (action === 'trigger') {
        const run = await post<{ workflowId: string; status: string }>(`/api/v1/schedules/${enc(s.id)}/trigger`);
        this.message = html`Triggered ${s.id}: started <a href=${workflowUrl(run.workflowId)} data-testid="triggered-run">${run.workflowId}</a> (${run.status}).`;
      } else if (action === 'delete') {
        await del(`/api/v1/schedules/${enc(s.id)}`);
        this.message = `Deleted schedule ${s.id}.`;
        this.deleted();
        return;
      } else {
        await post(`/api/v1/schedules/${enc(s.id)}/${action}`);
        this.message = action === 'pause' ? `Paused ${s.id}: no fire starts until it is resumed.` : `Resumed ${s.id}.`;
      }
      await this.reload();
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  protected deleted(): void {
    void this.reload();
  }

  protected actions(s: Schedule, withView: boolean) {
    const write = session.can('schedules:write');
    const trigger = write && session.can('workflows:start', s.definition);
    return html`<div class="actions">
      ${withView ? html`<a class="button small" href=${scheduleUrl(s.id)} aria-label="View ${s.id}">View</a>` : nothing}
      ${write ? html`${s.paused
        ? html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.act(s, 'resume')}>Resume</button>`
        : html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.act(s, 'pause')}>Pause</button>`}
        ${trigger ? html`<button type="button" class="small" ?disabled=${this.busy} @click=${() => this.act(s, 'trigger')}>Trigger now</button>` : nothing}
        <a class="button small" href="${scheduleUrl(s.id)}/edit" aria-label="Edit ${s.id}">Edit</a>
        <button type="button" class="small danger" ?disabled=${this.busy} @click=${() => this.act(s, 'delete')}>Delete</button>` : nothing}
    </div>`;
  }

  protected outcome() {
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
      <confirm-dialog></confirm-dialog>`;
  }
}

function when(s: Schedule) {
  const sentence = describeCron(s.cron);
  return html`<div>${sentence ?? 'Cron'} <span class="muted">(${s.timeZone})</span></div><code class="small">${s.cron}</code>`;
}

function state(s: Schedule) {
  return html`${s.paused ? html`<span class="badge st-Paused">paused</span>` : html`<span class="badge st-Running">active</span>`}
    ${s.lastError ? html`<div class="small error">${s.lastError}</div>` : nothing}`;
}

/** Every schedule: when it fires (as a sentence), its next fires, the latest fire and its workflow, its state. */
export class SchedulesPage extends ScheduleActions {
  static override properties = { ...ScheduleActions.properties, items: { state: true }, filter: { state: true } };
  declare items: Schedule[] | undefined;
  declare filter: string;

  constructor() {
    super();
    this.filter = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The detail page's delete lands here with ?deleted=id: say what was done.
    const deleted = new URLSearchParams(location.search).get('deleted');
    if (deleted) this.message = `Deleted schedule ${deleted}.`;
    void this.reload();
  }

  protected async reload(): Promise<void> {
    try {
      this.items = (await get<{ items: Schedule[] }>('/api/v1/schedules')).items;
      this.forbidden = undefined;
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.fail(err);
    }
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the schedules"></forbidden-view>`;
    const f = this.filter.toLowerCase();
    const shown = (this.items ?? []).filter((s) => !f || s.id.toLowerCase().includes(f) || s.definition.toLowerCase().includes(f));
    return html`<div class="page-head"><h1>Schedules</h1>
        <div class="actions"><button type="button" @click=${() => this.reload()}>Refresh</button>
        ${session.can('schedules:write') ? html`<a class="button primary" href="/schedules/new">New schedule</a>` : nothing}</div></div>
      <label class="inline">Find<input type="search" placeholder="id or definition" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} /></label>
      ${this.outcome()}
      ${this.items === undefined && !this.error ? html`<p class="muted" aria-busy="true">Loading…</p>` : html`
      <div class="table-wrap"><table class="list schedules">
        <thead><tr><th>Schedule</th><th>When</th><th>Next fires</th><th class="wide">Last fire</th><th>State</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${shown.map((s) => {
          const last = s.recentRuns[0];
          return html`<tr data-schedule=${s.id}>
            <td><a href=${scheduleUrl(s.id)}><strong>${s.id}</strong></a>
              <div class="small">starts <a href=${definitionUrl(s.definition)}>${s.definition}</a>${s.version ? ` v${s.version}` : ''}</div></td>
            <td>${when(s)}</td>
            <td><ul class="fires" data-testid="next-fires">${s.nextFireTimes.slice(0, 3).map((t) => html`<li title=${time(t)}>${inZone(t, s.timeZone)} <span class="muted small">${relative(t)}</span></li>`)}</ul>
              ${s.nextFireTimes.length === 0 ? html`<span class="muted">${s.paused ? 'none while paused' : 'none'}</span>` : nothing}
              ${s.nextFireTimes.length > 3 ? html`<a class="small" href=${scheduleUrl(s.id)}>${s.nextFireTimes.length - 3} more</a>` : nothing}</td>
            <td class="wide">${s.lastFireAt ? html`<div>${inZone(s.lastFireAt, s.timeZone)}</div>` : html`<span class="muted">never</span>`}
              ${last ? html`<div class="small"><a href=${workflowUrl(last.workflowId)}>${last.workflowId}</a>${last.manual ? ' (triggered)' : ''}</div>` : nothing}</td>
            <td>${state(s)}</td>
            <td>${this.actions(s, false)}</td></tr>`;
        })}
        ${shown.length === 0 ? html`<tr><td colspan="6" class="muted">${this.items?.length ? 'No schedule matches.' : 'No schedules yet.'}</td></tr>` : nothing}</tbody>
      </table></div>`}`;
  }
}
customElements.define('schedules-page', SchedulesPage);

/** One schedule: its spec, all next fire times, its latest runs with their status, and the actions. */
export class ScheduleDetail extends ScheduleActions {
  static override properties = { ...ScheduleActions.properties, scheduleId: {}, schedule: { state: true }, missing: { state: true } };
  declare scheduleId: string;
  declare schedule: Schedule | undefined;
  declare missing: boolean;
  private loadedId = '';

  constructor() {
    super();
    this.scheduleId = '';
    this.missing = false;
  }

  protected override willUpdate(): void {
    if (this.scheduleId !== this.loadedId) {
      this.loadedId = this.scheduleId;
      this.schedule = undefined;
      void this.reload();
    }
  }

  protected async reload(): Promise<void> {
    try {
      this.schedule = await get<Schedule>(`/api/v1/schedules/${enc(this.scheduleId)}`);
      this.forbidden = undefined;
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.missing = err instanceof ApiError && (err.status === 404 || err.status === 400);
      this.fail(err);
    }
  }

  protected override deleted(): void {
    navigate('/schedules' + query({ deleted: this.scheduleId }));
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="this schedule"></forbidden-view>`;
    const s = this.schedule;
    if (!s) {
      return html`<h1>${this.scheduleId}</h1>${this.outcome()}
        ${this.missing ? html`<p><a href="/schedules">Back to the schedules</a></p>` : this.error ? nothing : html`<p class="muted" aria-busy="true">Loading…</p>`}`;
    }
    return html`<div class="page-head"><h1>Schedule ${s.id}</h1>${this.actions(s, false)}</div>
      ${this.outcome()}
      <div class="schedule-grid">
        <section class="card"><h2>Spec</h2>
          <dl class="facts">
            <dt>State</dt><dd>${state(s)}</dd>
            <dt>When</dt><dd>${when(s)}</dd>
            <dt>Starts</dt><dd><a href=${definitionUrl(s.definition)}>${s.definition}</a> ${s.version ? `v${s.version}` : '(latest version at each fire)'}</dd>
            <dt>While a run is active</dt><dd>${s.overlap}</dd>
            <dt>Missed fires</dt><dd>${s.catchUp}${s.catchUpWindow ? ` (within ${s.catchUpWindow})` : ''}</dd>
            <dt>Jitter</dt><dd>${s.jitter ?? 'none'}</dd>
            <dt>Tags</dt><dd>${s.tags.length ? s.tags.map((t) => html`<span class="tag">${t}</span>`) : html`<span class="muted">none</span>`} <span class="tag">schedule:${s.id}</span></dd>
            <dt>Skipped fires</dt><dd>${s.skipped}</dd>
            ${s.bufferedFire ? html`<dt>Buffered fire</dt><dd>${inZone(s.bufferedFire, s.timeZone)}</dd>` : nothing}
            <dt>Created</dt><dd>${time(s.createdAt)}${s.createdBy ? ` by ${s.createdBy}` : ''}</dd>
            <dt>Updated</dt><dd>${time(s.updatedAt)}</dd>
          </dl>
          <json-view label="Input" .value=${s.input}></json-view>
        </section>
        <section class="card"><h2>Next fires</h2>
          <ol class="fires" data-testid="next-fires">${s.nextFireTimes.map((t) => html`<li title=${time(t)}>${inZone(t, s.timeZone)} <span class="muted small">${relative(t)}</span></li>`)}</ol>
          ${s.nextFireTimes.length === 0 ? html`<p class="muted">${s.paused ? 'None while paused.' : 'None.'}</p>` : nothing}
        </section>
      </div>
      <h2>Latest runs</h2>
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Workflow</th><th>Status</th><th>Fire time</th><th class="wide">Started</th><th class="wide">How</th></tr></thead>
        <tbody>${s.recentRuns.map((r) => html`<tr>
          <td><a href=${workflowUrl(r.workflowId)}>${r.workflowId}</a></td>
          <td>${r.status ? html`<span class="badge st-${r.status}">${r.status}</span>` : html`<span class="muted">unknown</span>`}</td>
          <td>${inZone(r.scheduledAt, s.timeZone)}</td><td class="wide">${time(r.startedAt)}</td><td class="wide">${r.manual ? 'triggered' : 'scheduled'}</td></tr>`)}
        ${s.recentRuns.length === 0 ? html`<tr><td colspan="5" class="muted">No runs yet.</td></tr>` : nothing}</tbody>
      </table></div>
      <p><a href="/workflows${query({ tag: `schedule:${s.id}` })}">Every workflow it started</a></p>`;
  }
}
customElements.define('schedule-detail', ScheduleDetail);
