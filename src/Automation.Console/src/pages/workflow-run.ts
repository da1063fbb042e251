import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { ApiError, enc, get, post, query } from '../api';
import { session } from '../session';
import { definitionUrl, workflowUrl } from '../router';
import { between, finalStatuses, time } from '../format';
import { live } from '../live';
import type { Definition, HistoryEvent, History, Step, Workflow } from '../types';
import type { DagNode } from '../components/dag-view';
import type { ConfirmDialog } from '../components/confirm-dialog';
import '../components/dag-view';
import '../components/gantt-view';
import '../components/json-view';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/forbidden-view';
import '../components/confirm-dialog';

const pollMs = 2000;
// While the live connection is up, changes arrive as events and a slow poll is only the safety net.
const livePollMs = 30_000;
const liveDebounceMs = 150;

/** One workflow: status and actions, the DAG coloured by step status, the attempt timeline, the history and each step's data. */
export class WorkflowRun extends LightElement {
  static override properties = {
    workflowId: {},
    workflow: { state: true }, events: { state: true }, definition: { state: true }, selected: { state: true },
    error: { state: true }, forbidden: { state: true }, message: { state: true }, busy: { state: true }, tab: { state: true }, renderMs: { state: true },
  };
  declare workflowId: string;
  declare workflow: Workflow | undefined;
  declare events: HistoryEvent[];
  declare definition: Definition | undefined;
  declare selected: string | undefined;
  declare error: string;
  /** The API's 403 for the page's data: the page shows what is missing instead of itself. */
  declare forbidden: ApiError | undefined;
  declare message: string;
  declare busy: boolean;
  declare tab: 'graph' | 'timeline' | 'history';
  declare renderMs: number | undefined;
  private timer: number | undefined;
  private loadedId = '';
  private loadStarted = 0;
  private liveTimer: number | undefined;
  private liveRefreshes = 0;
  private unsubscribe: (() => void)[] = [];
  private readonly onLiveState = () => this.requestUpdate();

  constructor() {
    super();
    this.workflowId = '';
    this.events = [];
    this.error = '';
    this.message = '';
    this.busy = false;
    this.tab = 'graph';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // One refetch for a burst of changes (debounced), so the DAG, timeline and history move as the workflow does.
    this.unsubscribe = [
      live.onChange((change) => {
        if (change.topic === 'workflow' && change.id === this.workflowId) {
          window.clearTimeout(this.liveTimer);
          this.liveTimer = window.setTimeout(() => {
            this.liveRefreshes++;
            this.dataset.liveRefreshes = String(this.liveRefreshes);
            void this.refresh();
          }, liveDebounceMs);
        }
      }),
      live.onResync(() => void this.refresh()),
    ];
    live.addEventListener('state', this.onLiveState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.timer);
    window.clearTimeout(this.liveTimer);
    this.unsubscribe.forEach((off) => off());
    this.unsubscribe = [];
    live.removeEventListener('state', this.onLiveState);
  }

  protected override willUpdate(): void {
    if (this.workflowId !== this.loadedId) {
      this.loadedId = this.workflowId;
      this.workflow = undefined;
      this.events = [];
      this.definition = undefined;
      this.selected = undefined;
      this.renderMs = undefined;
      this.loadStarted = performance.now();
      void this.refresh();
    }
  }

  protected override updated(): void {
    if (this.workflow && this.definition && this.renderMs === undefined) {
      this.renderMs = Math.round(performance.now() - this.loadStarted);
      this.dataset.renderMs = String(this.renderMs);
    }
  }

  /** Reads the snapshot and the history after the last event seen; polls again while the workflow is active. */
  async refresh(): Promise<void> {
    window.clearTimeout(this.timer);
    const id = this.workflowId;
    try {
      const workflow = await get<Workflow>(`/api/v1/workflows/${enc(id)}`);
      if (id !== this.workflowId) return;
      const events = [...this.events];
      let after = events.length ? events[events.length - 1].sequence : 0;
      for (;;) {
        const page = await get<History>(`/api/v1/workflows/${enc(id)}/history` + query({ after, limit: 1000 }));
        events.push(...page.events);
        if (page.nextAfter === null || page.events.length === 0) break;
        after = page.nextAfter;
      }
      if (!this.definition || this.definition.name !== workflow.definition || this.definition.version !== workflow.version) {
        this.definition = await get<Definition>(`/api/v1/definitions/${enc(workflow.definition)}/versions/${workflow.version}`).catch(() => undefined);
      }
      this.workflow = workflow;
      this.events = events;
      this.error = '';
      this.forbidden = undefined;
      this.selected ??= (workflow.steps.find((s) => ['Failed', 'Running', 'Waiting', 'Retrying'].includes(s.status)) ?? workflow.steps[0])?.id;
      // A page left while the request was in flight schedules nothing (disconnectedCallback already ran).
      if (this.isConnected && !finalStatuses.includes(workflow.status)) {
        this.timer = window.setTimeout(() => void this.refresh(), live.state === 'live' ? livePollMs : pollMs);
      }
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.error = err instanceof ApiError && err.status === 404 ? `No workflow with id '${id}'.` : (err as Error).message;
      if (this.isConnected && (!(err instanceof ApiError) || err.status >= 500)) this.timer = window.setTimeout(() => void this.refresh(), pollMs * 2);
    }
  }

  private async act(action: 'cancel' | 'terminate' | 'pause' | 'resume' | 'retry'): Promise<void> {
    const labels = { cancel: 'Cancel', terminate: 'Terminate', pause: 'Pause', resume: 'Resume', retry: 'Retry' };
    const dialog = this.querySelector('confirm-dialog') as ConfirmDialog;
    const explain = {
      cancel: 'Running steps are stopped; pending steps never run.',
      terminate: 'Stops the workflow at once, its running steps and child workflows included (status Terminated).',
      pause: 'Running steps finish; nothing new is dispatched until it is resumed.',
      resume: 'What became ready or due while paused runs now.',
      retry: 'Runs the steps that did not complete again, with a fresh retry budget; completed steps keep their outputs.',
    };
    const answer = await dialog.ask({
      heading: `${labels[action]} ${this.workflowId}?`, body: explain[action], confirmLabel: labels[action],
      withReason: action === 'cancel' || action === 'terminate' || action === 'pause', danger: action === 'cancel' || action === 'terminate',
    });
    if (!answer) return;
    await this.run(() => post(`/api/v1/workflows/${enc(this.workflowId)}/${action}`, answer.reason ? { reason: answer.reason } : {}), `${labels[action]}: done.`);
  }

  private async run(call: () => Promise<unknown>, done: string): Promise<void> {
    this.busy = true;
    this.message = '';
    try {
      await call();
      this.message = done;
    } catch (err) {
      this.message = (err as Error).message;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  private async signal(e: Event): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const raw = String(form.get('payload') ?? '').trim();
    let payload: unknown = null;
    try {
      payload = raw ? JSON.parse(raw) : null;
    } catch (err) {
      this.message = `The payload is not JSON: ${(err as Error).message}`;
      return;
    }
    if (!name) {
      this.message = 'Name the signal.';
      return;
    }
    await this.run(() => post(`/api/v1/workflows/${enc(this.workflowId)}/signals/${enc(name)}`, payload, { 'Idempotency-Key': crypto.randomUUID() }), `Signal '${name}' sent.`);
    (e.target as HTMLFormElement).reset();
  }

  private async decide(step: Step, decision: 'approve' | 'reject'): Promise<void> {
    const dialog = this.querySelector('confirm-dialog') as ConfirmDialog;
    const answer = await dialog.ask({
      heading: `${decision === 'approve' ? 'Approve' : 'Reject'} step ${step.id}?`,
      body: step.waitingFor?.message ?? '', confirmLabel: decision === 'approve' ? 'Approve' : 'Reject', withReason: true, danger: decision === 'reject',
    });
    if (!answer) return;
    await this.run(() => post(`/api/v1/workflows/${enc(this.workflowId)}/approvals/${enc(step.id)}`, { decision, ...(answer.reason ? { comment: answer.reason } : {}) }),
      `Step ${step.id}: ${decision === 'approve' ? 'approved' : 'rejected'}.`);
  }

  private nodes(): DagNode[] {
    const w = this.workflow!;
    const status = new Map(w.steps.map((s) => [s.id, s.status]));
    const steps = this.definition?.definition.steps ?? w.steps.map((s) => ({ id: s.id, type: s.type, dependsOn: [] }));
    return steps.map((s) => ({ id: s.id, type: s.type, dependsOn: s.dependsOn ?? [], status: status.get(s.id) }));
  }

  private actions() {
    const w = this.workflow!;
    const d = w.definition;
    const active = w.status === 'Running' || w.status === 'Paused';
    const button = (label: string, show: boolean, action: Parameters<WorkflowRun['act']>[0], cls = '') =>
      show ? html`<button type="button" class=${cls} ?disabled=${this.busy} @click=${() => this.act(action)}>${label}</button>` : nothing;
    return html`<div class="actions" role="group" aria-label="Workflow actions">
      ${button('Pause', w.status === 'Running' && session.can('workflows:cancel', d), 'pause')}
      ${button('Resume', w.status === 'Paused' && session.can('workflows:retry', d), 'resume', 'primary')}
      ${button('Retry', ['Failed', 'TimedOut', 'Terminated', 'Cancelled'].includes(w.status) && session.can('workflows:retry', d), 'retry', 'primary')}
      ${button('Cancel', active && session.can('workflows:cancel', d), 'cancel', 'danger')}
      ${button('Terminate', active && session.can('workflows:cancel', d), 'terminate', 'danger')}
    </div>`;
  }

  private stepPanel(step: Step) {
    const w = this.workflow!;
    const approval = step.waitingFor?.approval && step.status === 'Waiting';
    return html`<section class="card step" aria-labelledby="step-heading">
      <h2 id="step-heading">Step <code>${step.id}</code> <span class="badge st-${step.status}">${step.status}</span></h2>
      <dl class="facts">
        <dt>Type</dt><dd>${step.type}</dd>
        <dt>Attempts</dt><dd>${step.attempts}</dd>
        <dt>Scheduled</dt><dd>${time(step.startedAt)}</dd>
        <dt>Finished</dt><dd>${time(step.completedAt)}</dd>
        ${step.nextAttemptAt ? html`<dt>Next attempt</dt><dd>${time(step.nextAttemptAt)}</dd>` : nothing}
        ${step.waitingFor ? html`<dt>Waiting for</dt><dd>${step.waitingFor.approval ? `approval${step.waitingFor.approvers.length ? ' by ' + step.waitingFor.approvers.join(', ') : ''}` : `signal '${step.waitingFor.signal}'`}${step.waitingFor.timeoutAt ? `, until ${time(step.waitingFor.timeoutAt)}` : ''}</dd>` : nothing}
        ${step.children ? html`<dt>Children</dt><dd>${step.children.completed}/${step.children.total} completed, ${step.children.failed} failed
          · <a href="/workflows${query({ parentId: w.workflowId })}">list them</a></dd>` : nothing}
      </dl>
      ${step.waitingFor?.message ? html`<p class="notice">${step.waitingFor.message}</p>` : nothing}
      ${approval && session.can('workflows:signal', w.definition) ? html`<div class="actions">
          <button type="button" class="primary" ?disabled=${this.busy} @click=${() => this.decide(step, 'approve')}>Approve</button>
          <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.decide(step, 'reject')}>Reject</button></div>` : nothing}
      ${step.progress ? html`<div class="progress"><progress max="100" value=${step.progress.percent ?? 0} aria-label="Progress of ${step.id}"></progress>
          <span>${step.progress.percent ?? '?'}% · agent ${step.progress.agentId} · ${time(step.progress.updatedAt)}</span></div>
          <json-view label="Progress details" .value=${step.progress.details ?? undefined}></json-view>` : nothing}
      <json-view label="Output" .value=${step.output ?? undefined}></json-view>
      <json-view label="Error" .value=${step.error ?? undefined}></json-view>
      ${step.failures.length ? html`<json-view label="Failed attempts" .value=${step.failures}></json-view>` : nothing}
      <json-view label="Arguments as defined" .value=${this.definition?.definition.steps?.find((s) => s.id === step.id)}></json-view>
    </section>`;
  }

  private history() {
    return html`<div class="table-wrap"><table class="list history">
      <thead><tr><th>#</th><th>Time</th><th>Event</th><th>Step</th><th>Details</th></tr></thead>
      <tbody>${this.events.map((e) => {
        const { type, sequence, timestamp, stepId, ...rest } = e;
        const details = Object.keys(rest).length ? JSON.stringify(rest) : '';
        return html`<tr><td>${sequence}</td><td>${time(timestamp)}</td><td>${type}</td>
          <td>${stepId ? html`<button type="button" class="link" @click=${() => (this.selected = stepId)}>${stepId}</button>` : ''}</td>
          <td><code class="details">${details}</code></td></tr>`;
      })}</tbody></table></div>`;
  }

  protected override render() {
    if (this.forbidden && !this.workflow) return html`<forbidden-view .error=${this.forbidden} what="this workflow"></forbidden-view>`;
    if (this.error && !this.workflow) return html`<h1>Workflow</h1><p class="error" role="alert">${this.error}</p>`;
    const w = this.workflow;
    if (!w) return html`<p class="muted" aria-busy="true">Loading ${this.workflowId}…</p>`;
    const step = w.steps.find((s) => s.id === this.selected);
    const waiting = w.steps.filter((s) => s.status === 'Waiting' && s.waitingFor?.approval);
    const tabs: [WorkflowRun['tab'], string][] = [['graph', 'Graph'], ['timeline', 'Timeline'], ['history', `History (${this.events.length})`]];
    return html`
      <div class="page-head"><h1><code>${w.workflowId}</code> <span class="badge st-${w.status}" data-testid="workflow-status">${w.status}</span></h1>
        ${this.actions()}</div>
      <dl class="facts summary">
        <dt>Definition</dt><dd><a href=${definitionUrl(w.definition)}>${w.definition}</a> v${w.version}</dd>
        <dt>Started</dt><dd>${time(w.createdAt)}${w.startedBy ? ` by ${w.startedBy}` : ''}</dd>
        <dt>Duration</dt><dd>${between(w.createdAt, w.completedAt)}</dd>
        ${w.parent ? html`<dt>Parent</dt><dd><a href=${workflowUrl(w.parent.workflowId)}>${w.parent.workflowId}</a> · step ${w.parent.stepId}</dd>` : nothing}
        ${w.tags.length ? html`<dt>Tags</dt><dd>${w.tags.map((t) => html`<a class="tag" href="/workflows${query({ tag: t })}">${t}</a> `)}</dd>` : nothing}
      </dl>
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${waiting.length ? html`<p class="notice">Waiting for approval: ${waiting.map((s) => html`<button type="button" class="link" @click=${() => (this.selected = s.id)}>${s.id}</button> `)}</p>` : nothing}
      <div class="tabs" role="tablist" aria-label="Views">
        ${tabs.map(([id, label]) => html`<button type="button" role="tab" id="tab-${id}" aria-selected=${this.tab === id ? 'true' : 'false'} aria-controls="panel"
          @click=${() => (this.tab = id)}>${label}</button>`)}
      </div>
      <div class="run-grid">
        <section id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}" class="card">
          ${this.tab === 'graph' ? html`<dag-view .nodes=${this.nodes()} .selected=${this.selected} @step-selected=${(e: CustomEvent<string>) => (this.selected = e.detail)}></dag-view>` : nothing}
          ${this.tab === 'timeline' ? html`<gantt-view .workflow=${w} .events=${this.events}></gantt-view>` : nothing}
          ${this.tab === 'history' ? this.history() : nothing}
        </section>
        ${step ? this.stepPanel(step) : nothing}
      </div>
      <section class="card io">
        <json-view label="Input" .value=${w.input}></json-view>
        <json-view label="Output" .value=${w.output ?? undefined}></json-view>
        <json-view label="Error" .value=${w.error ?? undefined}></json-view>
        ${w.pendingSignals.length ? html`<json-view label="Pending signals" .value=${w.pendingSignals}></json-view>` : nothing}
      </section>
      ${(w.status === 'Running' || w.status === 'Paused') && session.can('workflows:signal', w.definition) ? html`
        <form class="card signal" @submit=${this.signal} aria-label="Send a signal">
          <h2>Send a signal</h2>
          <label>Name<input name="name" required maxlength="128" pattern="[A-Za-z0-9][A-Za-z0-9._\\-]*" /></label>
          <label>Payload (JSON, optional)<textarea name="payload" rows="3" spellcheck="false"></textarea></label>
          <button type="submit" ?disabled=${this.busy}>Send</button>
        </form>` : nothing}
      <confirm-dialog></confirm-dialog>
      <p class="muted small" data-testid="run-updates">${live.state === 'live' ? 'Live: updates as the workflow changes.' : `Updates every ${pollMs / 1000} s while the workflow is active.`}${this.renderMs !== undefined ? ` Loaded and drawn in ${this.renderMs} ms.` : ''}</p>`;
  }
}
customElements.define('workflow-run', WorkflowRun);
