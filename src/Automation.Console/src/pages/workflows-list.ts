import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { ApiError, enc, get, post, query } from '../api';
import { session } from '../session';
import { navigate, workflowUrl, definitionUrl } from '../router';
import { between, isoToLocal, localToIso, time, workflowStatuses } from '../format';
import type { BatchOperation, DefinitionSummary, WorkflowList, WorkflowSummary } from '../types';
import type { ConfirmDialog } from '../components/confirm-dialog';
import { live, type LiveChange } from '../live';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/forbidden-view';
import '../components/confirm-dialog';

type Action = 'cancel' | 'terminate' | 'retry';
const filterKeys = ['status', 'definition', 'from', 'to', 'idPrefix', 'tag', 'startedBy', 'parentId'] as const;
type Filters = Partial<Record<(typeof filterKeys)[number], string>>;

const actionInfo: Record<Action, { label: string; permission: string; applies: string[]; danger: boolean }> = {
  cancel: { label: 'Cancel', permission: 'workflows:cancel', applies: ['Running', 'Paused'], danger: true },
  terminate: { label: 'Terminate', permission: 'workflows:cancel', applies: ['Running', 'Paused'], danger: true },
  retry: { label: 'Retry', permission: 'workflows:retry', applies: ['Failed', 'TimedOut', 'Terminated', 'Cancelled'], danger: false },
};

/** The workflow list: filters in the URL, status chips, cursor paging, selection and bulk actions. */
export class WorkflowsList extends LightElement {
  static override properties = {
    search: {},
    items: { state: true }, nextCursor: { state: true }, loading: { state: true }, error: { state: true }, forbidden: { state: true },
    selected: { state: true }, result: { state: true }, definitions: { state: true }, pageIndex: { state: true }, counts: { state: true },
  };
  declare search: string;
  declare items: WorkflowSummary[];
  declare nextCursor: string | null;
  declare loading: boolean;
  declare error: string;
  /** The API's 403 for the page's data: the page shows what is missing instead of itself. */
  declare forbidden: ApiError | undefined;
  declare selected: Set<string>;
  declare result: string;
  declare definitions: DefinitionSummary[];
  declare pageIndex: number;
  declare counts: Record<string, number> | undefined;
  private countsKey = '';
  private cursors: (string | undefined)[] = [undefined];
  private loadedFor = '\u0000';
  private liveTimer: number | undefined;
  private unsubscribe: (() => void)[] = [];

  constructor() {
    super();
    this.search = '';
    this.items = [];
    this.nextCursor = null;
    this.loading = false;
    this.error = '';
    this.selected = new Set();
    this.result = '';
    this.definitions = [];
    this.pageIndex = 0;
  }

  private get filters(): Filters {
    const q = new URLSearchParams(this.search);
    const f: Filters = {};
    for (const k of filterKeys) {
      const v = q.get(k);
      if (v) f[k] = v;
    }
    return f;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = [live.onChange((c) => this.onLive(c)), live.onResync(() => void this.load())];
    if (session.can('definitions:read')) {
      get<{ items: DefinitionSummary[] }>('/api/v1/definitions').then((d) => (this.definitions = d.items), () => undefined);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.liveTimer);
    this.unsubscribe.forEach((off) => off());
    this.unsubscribe = [];
  }

  /**
   * A workflow changed: its row (if shown) takes the new status at once, and the page and the chips' counts are read
   * again shortly after (one read for a burst of changes), so new workflows appear and counts stay right.
   */
  private onLive(change: LiveChange): void {
    if (change.topic !== 'workflow') return;
    const f = this.filters;
    if (f.definition && f.definition !== change.definition) return;
    const row = this.items.findIndex((i) => i.workflowId === change.id);
    if (row >= 0 && this.items[row].status !== change.status) {
      this.items = this.items.map((i, n) => (n === row ? { ...i, status: change.status } : i));
    }
    window.clearTimeout(this.liveTimer);
    this.liveTimer = window.setTimeout(() => void this.load(), 1000);
  }

  protected override willUpdate(): void {
    if (this.search !== this.loadedFor) {
      this.loadedFor = this.search;
      this.cursors = [undefined];
      this.pageIndex = 0;
      void this.load();
    }
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    const f = this.filters;
    const tags = f.tag ? f.tag.split(/[\s,]+/) : undefined;
    // The chips' counts: the same filters but the status (one GROUP BY on the server); a failure leaves them blank.
    // Asked again only when the filters change, not on every page turn.
    const countsKey = JSON.stringify({ ...f, status: undefined });
    if (countsKey !== this.countsKey || this.pageIndex === 0) {
      this.countsKey = countsKey;
      get<Record<string, number>>('/api/v1/workflow-counts' + query({ ...f, status: undefined, tag: tags }))
        .then((c) => (this.counts = c), () => (this.counts = undefined));
    }
    try {
      const page = await get<WorkflowList>('/api/v1/workflows' + query({ ...f, tag: f.tag ? f.tag.split(/[\s,]+/) : undefined, limit: 25, cursor: this.cursors[this.pageIndex] }));
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.selected = new Set([...this.selected].filter((id) => page.items.some((i) => i.workflowId === id)));
      this.forbidden = undefined;
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.error = err instanceof ApiError ? err.message : String(err);
      this.items = [];
      this.nextCursor = null;
    } finally {
      this.loading = false;
    }
  }

  private apply(filters: Filters): void {
    navigate('/workflows' + query(filters as Record<string, string>));
  }

  private submitFilters(e: Event): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const f: Filters = {};
    for (const k of filterKeys) {
      let v = String(form.get(k) ?? '').trim();
      if ((k === 'from' || k === 'to') && v) v = localToIso(v) ?? '';
      if (v) f[k] = v;
    }
    this.apply(f);
  }

  private page(delta: number): void {
    if (delta > 0 && this.nextCursor) {
      this.cursors[this.pageIndex + 1] = this.nextCursor;
      this.pageIndex++;
    } else if (delta < 0 && this.pageIndex > 0) {
      this.pageIndex--;
    } else {
      return;
    }
    void this.load();
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private toggleAll(on: boolean): void {
    this.selected = on ? new Set(this.items.map((i) => i.workflowId)) : new Set();
  }

  private async bulk(action: Action, allMatching: boolean): Promise<void> {
    const info = actionInfo[action];
    const f = this.filters;
    const ids = [...this.selected];
    const dialog = this.querySelector('confirm-dialog') as ConfirmDialog;
    const target = allMatching
      ? html`<p>${info.label} <strong>every workflow that matches the current filters</strong>
          (${Object.entries(f).map(([k, v]) => `${k}=${v}`).join(', ')}), in the background. Workflows not in
          ${info.applies.join(', ')} are skipped.</p>`
      : html`<p>${info.label} ${ids.length} selected workflow${ids.length === 1 ? '' : 's'}?</p><ul class="id-list">${ids.slice(0, 10).map((id) => html`<li><code>${id}</code></li>`)}${ids.length > 10 ? html`<li>…</li>` : nothing}</ul>`;
    const answer = await dialog.ask({ heading: `${info.label} workflows`, body: target, confirmLabel: info.label, withReason: action !== 'retry', danger: info.danger });
    if (!answer) return;
    this.result = 'Working…';
    if (allMatching) {
      await this.batch(action, f, answer.reason);
    } else {
      let ok = 0;
      const failures: string[] = [];
      for (const id of ids) {
        try {
          await post(`/api/v1/workflows/${enc(id)}/${action}`, action === 'retry' ? {} : answer.reason ? { reason: answer.reason } : {});
          ok++;
        } catch (err) {
          failures.push(`${id}: ${(err as Error).message}`);
        }
      }
      this.result = `${info.label}: ${ok} done${failures.length ? `, ${failures.length} refused — ${failures.join('; ')}` : ''}.`;
      this.selected = new Set();
    }
    await this.load();
  }

  private async batch(action: Action, f: Filters, reason: string): Promise<void> {
    const filter: Record<string, unknown> = { ...f };
    if (f.tag) filter.tag = f.tag.split(/[\s,]+/);
    try {
      let op = await post<BatchOperation>('/api/v1/workflows/batch', { filter, action, ...(reason ? { reason } : {}) });
      for (let i = 0; i < 120 && op.status === 'Running'; i++) {
        this.result = `${actionInfo[action].label} all matching: ${op.matched} matched so far…`;
        await new Promise((r) => window.setTimeout(r, 500));
        op = await get<BatchOperation>(`/api/v1/workflows/batch/${enc(op.operationId)}`);
      }
      this.result = `${actionInfo[action].label} all matching: ${op.status}; ${op.matched} matched, ${op.succeeded} done, ${op.skipped} skipped, ${op.failed} failed.${op.problem ? ' ' + op.problem : ''}`;
    } catch (err) {
      this.result = (err as Error).message;
    }
  }

  private chips() {
    const current = this.filters.status ?? '';
    const count = (status: string) => this.counts?.[status ? status[0].toLowerCase() + status.slice(1) : 'total'];
    const chip = (status: string, label: string) => html`<button type="button" class="chip st-${status || 'all'}" aria-pressed=${current === status ? 'true' : 'false'}
        data-status=${status || 'all'} @click=${() => this.apply({ ...this.filters, status: status || undefined })}>${label}${count(status) !== undefined ? html` <span class="count">${count(status)}</span>` : nothing}</button>`;
    return html`<div class="chips" role="group" aria-label="Filter by status">${chip('', 'All')}${workflowStatuses.map((s) => chip(s, s))}</div>`;
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the workflows"></forbidden-view>`;
    const f = this.filters;
    const hasFilter = Object.keys(f).length > 0;
    const actions = (Object.keys(actionInfo) as Action[]).filter((a) => session.can(actionInfo[a].permission, f.definition));
    const allChecked = this.items.length > 0 && this.items.every((i) => this.selected.has(i.workflowId));
    return html`
      <div class="page-head"><h1>Workflows</h1>
        ${session.can('workflows:start') ? html`<a class="button primary" href="/start${f.definition ? '?definition=' + enc(f.definition) : ''}">Start workflow</a>` : nothing}</div>
      ${this.chips()}
      <form class="filters" @submit=${this.submitFilters} aria-label="Filters">
        <input type="hidden" name="status" .value=${f.status ?? ''} />
        <label>Definition<input name="definition" list="definition-names" .value=${f.definition ?? ''} maxlength="128" /></label>
        <datalist id="definition-names">${this.definitions.map((d) => html`<option value=${d.name}></option>`)}</datalist>
        <label>Id prefix<input name="idPrefix" .value=${f.idPrefix ?? ''} maxlength="200" /></label>
        <label>Created from<input name="from" type="datetime-local" .value=${isoToLocal(f.from ?? null)} /></label>
        <label>Created before<input name="to" type="datetime-local" .value=${isoToLocal(f.to ?? null)} /></label>
        <label>Tags<input name="tag" .value=${f.tag ?? ''} placeholder="team:payments, …" /></label>
        <label>Started by<input name="startedBy" .value=${f.startedBy ?? ''} maxlength="200" /></label>
        <input type="hidden" name="parentId" .value=${f.parentId ?? ''} />
        <div class="filter-buttons"><button type="submit" class="primary">Apply</button>
          ${hasFilter ? html`<button type="button" @click=${() => this.apply({})}>Clear</button>` : nothing}</div>
      </form>
      ${f.parentId ? html`<p class="notice">Children of <a href=${workflowUrl(f.parentId)}>${f.parentId}</a></p>` : nothing}
      ${actions.length ? html`<div class="bulk" role="group" aria-label="Bulk actions">
          <span>${this.selected.size} selected</span>
          ${actions.map((a) => html`<button type="button" class=${actionInfo[a].danger ? 'danger' : ''} ?disabled=${this.selected.size === 0}
            @click=${() => this.bulk(a, false)}>${actionInfo[a].label} selected</button>`)}
          ${hasFilter ? actions.map((a) => html`<button type="button" @click=${() => this.bulk(a, true)}>${actionInfo[a].label} all matching…</button>`) : nothing}
        </div>` : nothing}
      ${this.result ? html`<p class="notice" role="status" data-testid="bulk-result">${this.result}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="table-wrap"><table class="list" aria-busy=${this.loading ? 'true' : 'false'}>
        <thead><tr>
          ${actions.length ? html`<th class="check"><input type="checkbox" aria-label="Select all on this page" .checked=${allChecked} @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)} /></th>` : nothing}
          <th>Workflow</th><th>Status</th><th>Definition</th><th class="wide">Created</th><th class="wide">Duration</th><th class="wide">Started by</th><th class="wide">Tags</th>
        </tr></thead>
        <tbody>
          ${this.items.map((w) => html`<tr data-workflow=${w.workflowId}>
            ${actions.length ? html`<td class="check"><input type="checkbox" aria-label="Select ${w.workflowId}" .checked=${this.selected.has(w.workflowId)}
              @change=${(e: Event) => this.toggle(w.workflowId, (e.target as HTMLInputElement).checked)} /></td>` : nothing}
            <td><a href=${workflowUrl(w.workflowId)}><code>${w.workflowId}</code></a></td>
            <td><span class="badge st-${w.status}">${w.status}</span></td>
            <td><a href=${definitionUrl(w.definition)}>${w.definition}</a> <span class="muted">v${w.version}</span></td>
            <td class="wide">${time(w.createdAt)}</td>
            <td class="wide">${between(w.createdAt, w.completedAt)}</td>
            <td class="wide">${w.startedBy ?? '—'}</td>
            <td class="wide">${w.tags.map((t) => html`<button type="button" class="tag" @click=${() => this.apply({ ...f, tag: t })}>${t}</button>`)}</td>
          </tr>`)}
          ${!this.loading && this.items.length === 0 ? html`<tr><td colspan="8" class="muted">No workflows match.</td></tr>` : nothing}
        </tbody>
      </table></div>
      <nav class="pager" aria-label="Pages">
        <button type="button" ?disabled=${this.pageIndex === 0} @click=${() => this.page(-1)}>Previous</button>
        <span>Page ${this.pageIndex + 1}</span>
        <button type="button" ?disabled=${!this.nextCursor} @click=${() => this.page(1)}>Next</button>
      </nav>
      <confirm-dialog></confirm-dialog>`;
  }
}
customElements.define('workflows-list', WorkflowsList);
