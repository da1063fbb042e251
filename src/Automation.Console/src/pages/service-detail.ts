import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { ApiError, api, enc, get } from '../api';
import { forbiddenBy } from '../components/forbidden-view';
import { session } from '../session';
import { isoToLocal, localToIso, time } from '../format';
import { navigate, serviceUrl } from '../router';
import type { DagNode } from '../components/dag-view';
import '../components/dag-view';
import '../components/time-chart';
import '../components/forbidden-view';

// One monitored service: shown status against its own probe's (impacted by a dependency), recent transitions with
// their reasons, per-minute latency (p50/p95/max) of the last 24 h, uptime, the maintenance window (set and end, for
// services:write), and the dependency graph around it (what it depends on, what depends on it), coloured by status.

interface Probe { scheduledAt: string; startedAt: string; latencyMs: number; passed: boolean; statusCode: number | null; detail: string | null }
interface Transition { at: string; from: string; to: string; probeStatus: string; reason: string; probe: Probe | null }
interface Service {
  name: string; description: string | null; owner: string | null; tags: string[]; dependsOn: string[]; status: string; probeStatus: string;
  statusSince: string | null; impactedBy: string[]; lastProbe: Probe | null; consecutiveFailures: number; consecutivePasses: number;
  probe: { type: string; interval: string; timeout: string; url: string | null; host: string | null; port: number | null; definition: string | null };
  maintenance: { until: string; reason: string | null; setBy: string | null; setAt: string; active: boolean } | null;
  transitions: Transition[];
}
interface Minute { minute: string; count: number; failures: number; p50Ms: number; p95Ms: number; maxMs: number }
interface Health { uptime24h: number | null; uptime7d: number | null; recent: Probe[]; minutes: Minute[]; transitions: Transition[] }
interface Graph { nodes: { name: string; status: string; probeStatus: string; owner: string | null }[]; edges: { from: string; to: string }[] }

const refreshMs = 10_000;
// The API answers uptime as a percentage (0–100).
const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)} %`);

/** The services linked to `name` through dependencies, either way (its upstream and downstream), with it. */
export function neighbourhood(graph: Graph, name: string): DagNode[] {
  const deps = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const e of graph.edges) {
    (deps.get(e.from) ?? deps.set(e.from, []).get(e.from)!).push(e.to);
    (dependents.get(e.to) ?? dependents.set(e.to, []).get(e.to)!).push(e.from);
  }
  const keep = new Set([name]);
  const walk = (start: string, next: Map<string, string[]>) => {
    const todo = [start];
    while (todo.length) {
      for (const n of next.get(todo.pop()!) ?? []) {
        if (!keep.has(n)) {
          keep.add(n);
          todo.push(n);
        }
      }
    }
  };
  walk(name, deps);
  walk(name, dependents);
  return graph.nodes.filter((n) => keep.has(n.name)).map((n) => ({
    id: n.name,
    type: n.name === name ? 'this service' : n.owner ?? 'service',
    dependsOn: (deps.get(n.name) ?? []).filter((d) => keep.has(d)),
    status: n.status,
  }));
}

export class ServiceDetail extends LightElement {
  static override properties = {
    name: {}, service: { state: true }, health: { state: true }, graph: { state: true }, error: { state: true },
    message: { state: true }, until: { state: true }, reason: { state: true }, fieldErrors: { state: true }, busy: { state: true },
    forbidden: { state: true },
  };
  declare name: string;
  declare service: Service | undefined;
  declare health: Health | undefined;
  declare graph: DagNode[] | undefined;
  declare error: string;
  declare message: string;
  declare until: string;
  declare reason: string;
  declare fieldErrors: Record<string, string[]>;
  declare busy: boolean;
  declare forbidden: ApiError | undefined;
  private timer: number | undefined;
  private loadedFor = '';
  // Each load() takes the next number; an answer that is not the latest one asked for (another service, or a poll
  // overtaken by Set/End maintenance) is dropped.
  private seq = 0;

  constructor() {
    super();
    this.name = '';
    this.busy = false;
    this.resetForm();
  }

  private resetForm(): void {
    this.error = '';
    this.message = '';
    this.reason = '';
    this.until = isoToLocal(new Date(Date.now() + 3_600_000).toISOString());
    this.fieldErrors = {};
    this.forbidden = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.poll();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopPolling();
  }

  private poll(): void {
    this.stopPolling();
    this.timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void this.load();
    }, refreshMs);
  }

  private stopPolling(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  protected override willUpdate(): void {
    if (this.name && this.name !== this.loadedFor) {
      this.loadedFor = this.name;
      this.service = undefined;
      this.health = undefined;
      this.graph = undefined;
      this.resetForm();
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    const name = this.name;
    const base = `/api/v1/services/${enc(name)}`;
    try {
      const [service, health, graph] = await Promise.all([get<Service>(base), get<Health>(`${base}/health`), get<Graph>('/api/v1/services/graph')]);
      if (seq !== this.seq) return;
      this.service = service;
      this.health = health;
      this.graph = neighbourhood(graph, name);
      this.error = '';
      if (this.isConnected && this.timer === undefined) this.poll(); // stopped by a 403/404 of an earlier service
    } catch (err) {
      if (seq !== this.seq) return;
      // A 403 or 404 will not change by asking again every 10 s.
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) this.stopPolling();
      this.forbidden = forbiddenBy(err);
      this.error = (err as Error).message;
    }
  }

  private async setMaintenance(e: Event): Promise<void> {
    e.preventDefault();
    this.fieldErrors = {};
    const until = localToIso(this.until);
    if (!until) {
      this.fieldErrors = { '$.until': ['Pick when the window ends.'] };
      return;
    }
    await this.act(() => api<Service>('PUT', `/api/v1/services/${enc(this.name)}/maintenance`, { until, reason: this.reason || null }), 'Maintenance window set.');
  }

  private async endMaintenance(): Promise<void> {
    await this.act(() => api<Service>('DELETE', `/api/v1/services/${enc(this.name)}/maintenance`), 'Maintenance window ended.');
  }

  private async act(call: () => Promise<Service>, done: string): Promise<void> {
    this.busy = true;
    this.seq++; // a poll already in flight answers the state from before this change
    const name = this.name;
    try {
      const service = await call();
      if (name !== this.name) return;
      this.service = service;
      this.message = done;
      await this.load();
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors) {
        this.fieldErrors = err.problem.errors;
        this.message = '';
      } else {
        this.message = (err as Error).message;
      }
    } finally {
      this.busy = false;
    }
  }

  private chart(h: Health) {
    const times = h.minutes.map((m) => Date.parse(m.minute) / 1000);
    // From the first minute with probes (at most 24 h back) to now, so that a new service's few points are not lost in a day.
    const now = Date.now() / 1000;
    const range: [number, number] = [Math.min(times[0] ?? now, now - 600) - 60, now];
    return html`<time-chart .range=${range} label="Probe latency per minute (p50, p95 and max, milliseconds) over the last 24 hours" unit=" ms" .height=${240}
      .times=${times}
      .lines=${[
        { label: 'p50', color: '--ok', values: h.minutes.map((m) => m.p50Ms) },
        { label: 'p95', color: '--wait', values: h.minutes.map((m) => m.p95Ms) },
        { label: 'max', color: '--fail', values: h.minutes.map((m) => m.maxMs), dash: [4, 4] },
      ]}></time-chart>`;
  }

  private maintenance(s: Service) {
    const m = s.maintenance;
    const errors = (key: string) => this.fieldErrors[key]?.length ? html`<ul class="field-errors">${this.fieldErrors[key].map((x) => html`<li>${x}</li>`)}</ul>` : nothing;
    const other = Object.entries(this.fieldErrors).filter(([k]) => k !== '$.until' && k !== '$.reason');
    return html`<section class="card" aria-labelledby="mw-head">
      <h2 id="mw-head">Maintenance</h2>
      ${m?.active ? html`<p data-testid="maintenance-window">In maintenance until <strong>${time(m.until)}</strong>${m.reason ? html` — ${m.reason}` : nothing}
          <span class="muted small">(set by ${m.setBy ?? '—'} at ${time(m.setAt)})</span></p>` : html`<p class="muted">No maintenance window.</p>`}
      ${session.can('services:write') ? html`
        ${m?.active ? html`<button type="button" ?disabled=${this.busy} @click=${() => this.endMaintenance()}>End maintenance now</button>` : html`
          <form class="maintenance-form" @submit=${(e: Event) => this.setMaintenance(e)}>
            <label>Ends at <input type="datetime-local" required .value=${this.until} aria-invalid=${this.fieldErrors['$.until'] ? 'true' : 'false'}
              @input=${(e: Event) => (this.until = (e.target as HTMLInputElement).value)} /></label>
            ${errors('$.until')}
            <label>Reason <input type="text" maxlength="500" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} /></label>
            ${errors('$.reason')}
            ${other.length ? html`<p class="error">${other.map(([k, v]) => `${k}: ${v.join(' ')}`).join('\n')}</p>` : nothing}
            <div><button type="submit" class="primary" ?disabled=${this.busy}>Set maintenance window</button></div>
          </form>`}` : nothing}
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
    </section>`;
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="this service"></forbidden-view>`;
    const s = this.service;
    const h = this.health;
    const target = s ? s.probe.url ?? (s.probe.host ? `${s.probe.host}:${s.probe.port}` : s.probe.definition) : null;
    return html`<p class="small"><a href="/services">← Services</a></p>
      <div class="page-head"><h1>${this.name}</h1><button type="button" @click=${() => this.load()}>Refresh</button></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${!s || !h ? (this.error ? nothing : html`<p class="muted" aria-busy="true">Loading…</p>`) : html`
        <div class="tiles">
          <div class="tile"><div class="tile-value"><span class="badge st-${s.status}" data-testid="service-status">${s.status}</span></div><div class="tile-label">Shown status</div></div>
          <div class="tile"><div class="tile-value"><span class="badge st-${s.probeStatus}" data-testid="probe-status">${s.probeStatus}</span></div><div class="tile-label">Own probe</div></div>
          <div class="tile"><div class="tile-value">${percent(h.uptime24h)}</div><div class="tile-label">Uptime 24 h</div></div>
          <div class="tile"><div class="tile-value">${percent(h.uptime7d)}</div><div class="tile-label">Uptime 7 d</div></div>
          <div class="tile"><div class="tile-value">${s.lastProbe ? `${s.lastProbe.latencyMs.toFixed(1)} ms` : '—'}</div><div class="tile-label">Last probe</div></div>
        </div>
        ${s.impactedBy.length ? html`<p class="notice">Impacted by ${s.impactedBy.map((n, i) => html`${i ? ', ' : ''}<a href=${serviceUrl(n)}>${n}</a>`)}: its own probe is ${s.probeStatus}.</p>` : nothing}
        <section class="card" aria-labelledby="lat-head">
          <h2 id="lat-head">Latency <span class="muted small">per minute, last 24 h</span></h2>
          ${this.chart(h)}
        </section>
        <div class="dash-grid">
          <section class="card" aria-labelledby="probe-head">
            <h2 id="probe-head">Probe</h2>
            <dl class="facts">
              <dt>Type</dt><dd>${s.probe.type}</dd>
              <dt>Target</dt><dd><code>${target ?? '—'}</code></dd>
              <dt>Every</dt><dd>${s.probe.interval} (timeout ${s.probe.timeout})</dd>
              <dt>Last result</dt><dd>${s.lastProbe ? html`${s.lastProbe.passed ? 'passed' : 'failed'}${s.lastProbe.statusCode ? ` (HTTP ${s.lastProbe.statusCode})` : ''} at ${time(s.lastProbe.startedAt)}${s.lastProbe.detail && s.lastProbe.detail !== `HTTP ${s.lastProbe.statusCode}` ? html`<div class="muted small">${s.lastProbe.detail}</div>` : nothing}` : '—'}</dd>
              <dt>In a row</dt><dd>${s.consecutivePasses} passed, ${s.consecutiveFailures} failed</dd>
              <dt>Since</dt><dd>${time(s.statusSince)}</dd>
              <dt>Owner</dt><dd>${s.owner ?? '—'}</dd>
            </dl>
          </section>
          ${this.maintenance(s)}
        </div>
        <section class="card" aria-labelledby="graph-head">
          <h2 id="graph-head">Dependencies</h2>
          ${this.graph && this.graph.length > 1
            ? html`<dag-view class="service-graph" .nodes=${this.graph} .selected=${this.name} label="Services ${this.name} depends on and that depend on it, as a graph"
                @step-selected=${(e: CustomEvent<string>) => e.detail !== this.name && navigate(serviceUrl(e.detail))}></dag-view>`
            : html`<p class="muted">${this.name} has no dependencies and nothing depends on it.</p>`}
        </section>
        <section class="card" aria-labelledby="tr-head">
          <h2 id="tr-head">Recent transitions</h2>
          <div class="table-wrap"><table class="list" data-testid="transitions">
            <thead><tr><th>When</th><th>Change</th><th class="wide">Own probe</th><th>Reason</th></tr></thead>
            <tbody>${s.transitions.slice(0, 20).map((t) => html`<tr><td>${time(t.at)}</td>
              <td><span class="badge st-${t.from}">${t.from}</span> → <span class="badge st-${t.to}">${t.to}</span></td>
              <td class="wide">${t.probeStatus}</td><td>${t.reason}</td></tr>`)}
            ${s.transitions.length === 0 ? html`<tr><td colspan="4" class="muted">No transition yet.</td></tr>` : nothing}</tbody>
          </table></div>
        </section>`}`;
  }
}
customElements.define('service-detail', ServiceDetail);
