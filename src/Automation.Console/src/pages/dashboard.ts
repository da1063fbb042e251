import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { get, query } from '../api';
import { duration, time } from '../format';
import '../components/time-chart';

// The home page: one call (GET /api/v1/dashboard) feeds every section; the API leaves out the sections the user may
// not read and names them, and the page says so instead of showing an error. Refreshed every 30 s while shown.

interface Point { at: string; started: number; completed: number; failed: number }
interface Workflows {
  from: string; to: string; bucketSeconds: number; series: Point[]; started: number; completed: number; failed: number;
  timedOut: number; cancelled: number; terminated: number; successRate: number | null; p50Seconds: number | null;
  p95Seconds: number | null; running: number; paused: number; topFailing: { definition: string; failed: number; finished: number }[];
}
interface Capability { name: string; queued: number; leased: number; oldestQueuedAgeSeconds: number; waitingAgents: number }
interface Alert { id: string; title: string; severity: string; status: string; sourceKind: string; source: string; raisedAt: string }
interface Dashboard {
  window: string; generatedAt: string; workflows: Workflows | null; services: Record<string, number> | null;
  alerts: { open: number; acknowledged: number; critical: number; latest: Alert[] } | null;
  capabilities: Capability[] | null; omitted: { section: string; permission: string }[];
}

const windows = ['15m', '1h', '6h', '24h'];
const refreshMs = 30_000;

export class DashboardPage extends LightElement {
  static override properties = { data: { state: true }, error: { state: true }, window: { state: true } };
  declare data: Dashboard | undefined;
  declare error: string;
  declare window: string;
  private timer: number | undefined;
  private seq = 0; // a poll answered after a window switch is dropped: only the latest load's answer is shown

  constructor() {
    super();
    this.error = '';
    this.window = '1h';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void this.load();
    }, refreshMs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.timer);
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    try {
      const data = await get<Dashboard>('/api/v1/dashboard' + query({ window: this.window }));
      if (seq !== this.seq) return;
      this.data = data;
      this.error = '';
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = (err as Error).message;
    }
  }

  private pick(w: string): void {
    this.window = w;
    void this.load();
  }

  private tile(label: string, value: string, testid: string, tone = '') {
    return html`<div class="tile ${tone}" data-testid=${testid}><div class="tile-value">${value}</div><div class="tile-label">${label}</div></div>`;
  }

  // The window of the data shown (the one asked for may still be loading).
  private workflows(w: Workflows, span: string) {
    const perMinute = 60 / w.bucketSeconds;
    const times = w.series.map((p) => Date.parse(p.at) / 1000);
    const rate = (f: (p: Point) => number) => w.series.map((p) => Math.round(f(p) * perMinute * 100) / 100);
    const failed = w.failed + w.timedOut;
    const listUrl = (definition: string) => '/workflows' + query({ status: 'Failed', definition, from: w.from });
    return html`
      <section class="card" aria-labelledby="wf-head">
        <h2 id="wf-head">Workflows <span class="muted small">last ${span}</span></h2>
        <div class="tiles">
          ${this.tile('Started', String(w.started), 'started')}
          ${this.tile('Completed', String(w.completed), 'completed', 'ok')}
          ${this.tile('Failed', String(failed), 'failed', failed > 0 ? 'bad' : '')}
          ${this.tile('Success rate', w.successRate === null ? '—' : `${(w.successRate * 100).toFixed(1)} %`, 'success-rate')}
          ${this.tile('p95 run time', w.p95Seconds === null ? '—' : duration(w.p95Seconds * 1000), 'p95')}
          ${this.tile('Running now', String(w.running), 'running', 'run')}
          ${this.tile('Paused now', String(w.paused), 'paused', w.paused > 0 ? 'wait' : '')}
        </div>
        <h3>Workflows per minute</h3>
        <time-chart .range=${[Date.parse(w.from) / 1000, Date.parse(w.to) / 1000]} label="Workflows started, completed and failed per minute over the last ${span}" unit="/min"
          .times=${times}
          .lines=${[
            { label: 'Started', color: '--run', values: rate((p) => p.started) },
            { label: 'Completed', color: '--ok', values: rate((p) => p.completed), fill: true },
            { label: 'Failed', color: '--fail', values: rate((p) => p.failed) },
          ]}></time-chart>
        <h3>Top failing definitions</h3>
        ${w.topFailing.length === 0 ? html`<p class="muted">No workflow failed in the last ${span}.</p>` : html`
          <div class="table-wrap"><table class="list" data-testid="top-failing">
            <thead><tr><th>Definition</th><th>Failed</th><th>Finished</th><th>Failure rate</th></tr></thead>
            <tbody>${w.topFailing.map((f) => html`<tr>
              <td><a href=${listUrl(f.definition)}>${f.definition}</a></td><td>${f.failed}</td><td>${f.finished}</td>
              <td>${((f.failed / f.finished) * 100).toFixed(0)} %</td></tr>`)}</tbody>
          </table></div>`}
        <p class="muted small">Also finished: ${w.cancelled} cancelled, ${w.terminated} terminated${w.timedOut ? `, ${w.timedOut} of the failed timed out` : ''};
          median run time ${w.p50Seconds === null ? '—' : duration(w.p50Seconds * 1000)}.</p>
      </section>`;
  }

  private services(counts: Record<string, number>) {
    const statuses = ['healthy', 'degraded', 'unhealthy', 'impacted', 'maintenance', 'unknown'];
    return html`<section class="card" aria-labelledby="svc-head">
      <h2 id="svc-head">Services <span class="muted small">${counts.total ?? 0} monitored</span></h2>
      <div class="chips" data-testid="services-by-status">${statuses.map((s) => html`<span class="chip st-${s}">${s} <span class="count">${counts[s] ?? 0}</span></span>`)}</div>
      <p class="small"><a href="/services">All services →</a></p>
    </section>`;
  }

  private alerts(a: NonNullable<Dashboard['alerts']>) {
    return html`<section class="card" aria-labelledby="alert-head">
      <h2 id="alert-head">Open alerts <span class="muted small">${a.open} open · ${a.acknowledged} acknowledged · ${a.critical} critical</span></h2>
      ${a.latest.length === 0 ? html`<p class="muted">No open alerts.</p>` : html`<ul class="plain">${a.latest.map((x) => html`<li>
        <span class="badge sev-${x.severity}">${x.severity}</span> ${x.title} <span class="muted small">${x.sourceKind}:${x.source} · ${time(x.raisedAt)}</span></li>`)}</ul>`}
      <p class="small"><a href="/alerts">All alerts →</a></p>
    </section>`;
  }

  private capabilities(c: Capability[]) {
    return html`<section class="card" aria-labelledby="cap-head">
      <h2 id="cap-head">Agent backlog</h2>
      ${c.length === 0 ? html`<p class="muted">No capability has tasks or agents.</p>` : html`<div class="table-wrap"><table class="list">
        <thead><tr><th>Capability</th><th>Queued</th><th>Leased</th><th>Oldest queued</th><th class="wide">Waiting agents</th></tr></thead>
        <tbody>${c.map((x) => html`<tr><td>${x.name}</td><td>${x.queued}</td><td>${x.leased}</td>
          <td>${x.queued ? duration(x.oldestQueuedAgeSeconds * 1000) : '—'}</td><td class="wide">${x.waitingAgents}</td></tr>`)}</tbody>
      </table></div>`}
      <p class="small"><a href="/agents">All agents and queues →</a></p>
    </section>`;
  }

  protected override render() {
    const d = this.data;
    return html`<div class="page-head"><h1>Dashboard</h1>
        <div class="actions">
          <div class="chips" role="group" aria-label="Time window">${windows.map((w) => html`<button type="button" class="chip" aria-pressed=${this.window === w ? 'true' : 'false'} @click=${() => this.pick(w)}>${w}</button>`)}</div>
          <button type="button" @click=${() => this.load()}>Refresh</button>
        </div></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${d === undefined ? (this.error ? nothing : html`<p class="muted" aria-busy="true">Loading…</p>`) : html`
        ${d.workflows ? this.workflows(d.workflows, d.window) : nothing}
        <div class="dash-grid">
          ${d.services ? this.services(d.services) : nothing}
          ${d.alerts ? this.alerts(d.alerts) : nothing}
          ${d.capabilities ? this.capabilities(d.capabilities) : nothing}
        </div>
        ${d.omitted.length ? html`<p class="muted small" data-testid="omitted">Not shown (your role lacks the permission): ${d.omitted.map((o) => `${o.section} (${o.permission})`).join(', ')}.</p>` : nothing}
        <p class="muted small">Updated ${time(d.generatedAt)}; refreshed every ${refreshMs / 1000} s.</p>`}`;
  }
}
customElements.define('dashboard-page', DashboardPage);
