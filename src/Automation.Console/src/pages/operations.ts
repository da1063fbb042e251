import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { type ApiError, enc, get, post, query } from '../api';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/forbidden-view';
import { session } from '../session';
import type { ConfirmDialog } from '../components/confirm-dialog';
import '../components/confirm-dialog';
import { time } from '../format';
import { serviceUrl } from '../router';

// Operations pages over the existing endpoints: services, alerts (acknowledge and resolve), agents and their queues.
// Other actions (maintenance windows, capability limits) are left for later; see docs/console.md.

abstract class LoadingPage<T> extends LightElement {
  static override properties = { data: { state: true }, error: { state: true }, forbidden: { state: true } };
  declare data: T | undefined;
  declare error: string;
  declare forbidden: ApiError | undefined;

  constructor() {
    super();
    this.error = '';
  }

  protected abstract url(): string;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.data = await get<T>(this.url());
      this.error = '';
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.error = (err as Error).message;
    }
  }

  protected frame(title: string, body: unknown) {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the ${title.toLowerCase()}"></forbidden-view>`;
    return html`<div class="page-head"><h1>${title}</h1><button type="button" @click=${() => this.load()}>Refresh</button></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.data === undefined && !this.error ? html`<p class="muted" aria-busy="true">Loading…</p>` : body}`;
  }
}

interface Service {
  name: string; description: string | null; owner: string | null; tags: string[]; status: string; probeStatus: string;
  statusSince: string | null; impactedBy: string[]; dependsOn: string[]; probe: { type: string };
  lastProbe: { at?: string; latencyMs?: number; error?: string | null } | null; maintenance: { until: string; reason: string | null } | null;
}
interface ServiceList { items: Service[]; counts: Record<string, number> }

export class ServicesPage extends LoadingPage<ServiceList> {
  protected url() {
    return '/api/v1/services';
  }

  protected override render() {
    const d = this.data;
    const statuses = ['healthy', 'degraded', 'unhealthy', 'impacted', 'maintenance', 'unknown'];
    return this.frame('Services', d ? html`
      <div class="chips" aria-label="Services by status">${statuses.map((s) => html`<span class="chip st-${s}">${s} <span class="count">${d.counts[s] ?? 0}</span></span>`)}</div>
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Service</th><th>Status</th><th class="wide">Probe</th><th class="wide">Since</th><th class="wide">Depends on</th><th class="wide">Owner</th></tr></thead>
        <tbody>${d.items.map((s) => html`<tr data-service=${s.name}>
          <td><strong><a href=${serviceUrl(s.name)}>${s.name}</a></strong>${s.description ? html`<div class="muted small">${s.description}</div>` : nothing}</td>
          <td><span class="badge st-${s.status}">${s.status}</span>${s.impactedBy.length ? html`<div class="small">by ${s.impactedBy.join(', ')}</div>` : nothing}
            ${s.maintenance ? html`<div class="small">maintenance until ${time(s.maintenance.until)}</div>` : nothing}</td>
          <td class="wide">${s.probe.type} · ${s.probeStatus}${s.lastProbe?.latencyMs !== undefined ? ` · ${s.lastProbe.latencyMs} ms` : ''}</td>
          <td class="wide">${time(s.statusSince)}</td>
          <td class="wide">${s.dependsOn.join(', ') || '—'}</td>
          <td class="wide">${s.owner ?? '—'}</td></tr>`)}
        ${d.items.length === 0 ? html`<tr><td colspan="6" class="muted">No services are registered (PUT /api/v1/services/{name}).</td></tr>` : nothing}</tbody>
      </table></div>` : nothing);
  }
}
customElements.define('services-page', ServicesPage);

interface Alert {
  id: string; sourceKind: string; source: string; severity: string; status: string; title: string; raisedAt: string;
  acknowledgedBy: string | null; resolvedBy: string | null; resolvedAt: string | null; suppressedBy: string | null;
}

export class AlertsPage extends LoadingPage<{ items: Alert[]; nextCursor: string | null }> {
  static override properties = { ...LoadingPage.properties, status: { state: true }, message: { state: true } };
  declare status: string;
  declare message: string;

  constructor() {
    super();
    this.status = '';
    this.message = '';
  }

  private async act(alert: Alert, action: 'acknowledge' | 'resolve'): Promise<void> {
    const dialog = this.querySelector('confirm-dialog') as ConfirmDialog;
    const label = action === 'acknowledge' ? 'Acknowledge' : 'Resolve';
    const answer = await dialog.ask({ heading: `${label} alert?`, body: alert.title, confirmLabel: label, withReason: true });
    if (!answer) return;
    try {
      await post(`/api/v1/alerts/${enc(alert.id)}/${action}`, answer.reason ? { comment: answer.reason } : {});
      this.message = `${label}d: ${alert.title}.`;
    } catch (err) {
      this.message = (err as Error).message;
    }
    await this.load();
  }

  protected url() {
    return '/api/v1/alerts' + query({ status: this.status, limit: 100 });
  }

  private filter(status: string): void {
    this.status = status;
    void this.load();
  }

  protected override render() {
    const d = this.data;
    const chip = (s: string, label: string) => html`<button type="button" class="chip" aria-pressed=${this.status === s ? 'true' : 'false'} @click=${() => this.filter(s)}>${label}</button>`;
    return this.frame('Alerts', d ? html`
      <div class="chips" role="group" aria-label="Filter by status">${chip('', 'All')}${chip('open', 'Open')}${chip('acknowledged', 'Acknowledged')}${chip('resolved', 'Resolved')}</div>
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Alert</th><th>Severity</th><th>Status</th><th class="wide">Source</th><th class="wide">Raised</th><th class="wide">Handled</th><th></th></tr></thead>
        <tbody>${d.items.map((a) => html`<tr data-alert=${a.source}>
          <td>${a.title}</td><td><span class="badge sev-${a.severity}">${a.severity}</span></td><td>${a.status}${a.suppressedBy ? ` (suppressed: ${a.suppressedBy})` : ''}</td>
          <td class="wide">${a.sourceKind}:${a.source}</td><td class="wide">${time(a.raisedAt)}</td>
          <td class="wide">${a.resolvedBy ? `resolved by ${a.resolvedBy}` : a.acknowledgedBy ? `acknowledged by ${a.acknowledgedBy}` : '—'}</td>
          <td>${session.can('alerts:write') ? html`<div class="actions">
            ${a.status === 'open' ? html`<button type="button" class="small" @click=${() => this.act(a, 'acknowledge')}>Acknowledge</button>` : nothing}
            ${a.status !== 'resolved' ? html`<button type="button" class="small" @click=${() => this.act(a, 'resolve')}>Resolve</button>` : nothing}</div>` : nothing}</td></tr>`)}
        ${d.items.length === 0 ? html`<tr><td colspan="7" class="muted">No alerts.</td></tr>` : nothing}</tbody>
      </table></div>
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : nothing}
      <confirm-dialog></confirm-dialog>` : nothing);
  }
}
customElements.define('alerts-page', AlertsPage);

interface Agent {
  agentId: string; name: string; capabilities: string[]; maxConcurrency: number; status: string; lastSeenAt: string;
  leasedTasks: unknown[]; completed: number; failed: number;
}
interface Capability { name: string; queued: number; leased: number; oldestQueuedAgeSeconds: number; maxConcurrency: number | null; waitingAgents: number }

export class AgentsPage extends LoadingPage<{ agents: Agent[]; capabilities: Capability[] }> {
  protected url() {
    return '/api/v1/agents';
  }

  protected override async load(): Promise<void> {
    try {
      const [agents, capabilities] = await Promise.all([
        get<{ agents: Agent[] }>('/api/v1/agents'),
        get<{ capabilities: Capability[] }>('/api/v1/capabilities'),
      ]);
      this.data = { agents: agents.agents, capabilities: capabilities.capabilities };
      this.error = '';
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.error = (err as Error).message;
    }
  }

  protected override render() {
    const d = this.data;
    return this.frame('Agents and queues', d ? html`
      <h2>Queues</h2>
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Capability</th><th>Queued</th><th>Leased</th><th>Oldest queued</th><th class="wide">Waiting agents</th><th class="wide">Max concurrency</th></tr></thead>
        <tbody>${d.capabilities.map((c) => html`<tr><td>${c.name}</td><td>${c.queued}</td><td>${c.leased}</td><td>${c.oldestQueuedAgeSeconds.toFixed(1)} s</td>
          <td class="wide">${c.waitingAgents}</td><td class="wide">${c.maxConcurrency ?? '—'}</td></tr>`)}
        ${d.capabilities.length === 0 ? html`<tr><td colspan="6" class="muted">No capability has tasks or agents.</td></tr>` : nothing}</tbody>
      </table></div>
      <h2>Agents</h2>
      <div class="table-wrap"><table class="list">
        <thead><tr><th>Agent</th><th>Status</th><th>Capabilities</th><th>Leased</th><th class="wide">Completed / failed</th><th class="wide">Last seen</th></tr></thead>
        <tbody>${d.agents.map((a) => html`<tr><td>${a.name} <span class="muted small">${a.agentId}</span></td><td>${a.status}</td><td>${a.capabilities.join(', ')}</td>
          <td>${a.leasedTasks.length} / ${a.maxConcurrency}</td><td class="wide">${a.completed} / ${a.failed}</td><td class="wide">${time(a.lastSeenAt)}</td></tr>`)}
        ${d.agents.length === 0 ? html`<tr><td colspan="6" class="muted">No agent is registered.</td></tr>` : nothing}</tbody>
      </table></div>` : nothing);
  }
}
customElements.define('agents-page', AgentsPage);
