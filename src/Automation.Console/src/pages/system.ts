import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { type ApiError, api, get } from '../api';
import { forbiddenBy } from '../components/forbidden-view';
import '../components/forbidden-view';
import { time } from '../format';

// The system page (admins: cluster:read): the silos from Orleans' management grain, PostgreSQL's health, the API's
// version, and a link to the Orleans dashboard the API serves. The dashboard's page cannot send the bearer token, so
// the page first asks for a dashboard session (a cookie valid only under /dashboard, expiring with the token) and
// renews it when the link is approached after the token was refreshed.

interface Silo {
  address: string; name: string; hostName: string | null; status: string; startedAt: string | null; lastAliveAt: string | null; error: string | null;
  activations: number | null; cpuUsagePercent: number | null; memoryUsageBytes: number | null; overloaded: boolean | null;
}
interface Overview {
  version: string; generatedAt: string; silos: Silo[]; activeSilos: number; activations: number | null; orleansDashboard: string; clusterError: string | null;
  database: { healthy: boolean; latencyMs: number | null; serverVersion: string | null; databaseSizeBytes: number | null; connections: number | null; maxConnections: number | null; error: string | null };
}

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export class SystemPage extends LightElement {
  static override properties = { data: { state: true }, error: { state: true }, forbidden: { state: true }, dashboard: { state: true } };
  declare data: Overview | undefined;
  declare error: string;
  declare forbidden: ApiError | undefined;
  /** The Orleans dashboard's session: its expiry, or why it could not be had. */
  declare dashboard: { expiresAt: number } | { error: string } | undefined;

  constructor() {
    super();
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.data = await get<Overview>('/api/v1/system/overview');
      this.error = '';
      void this.openDashboardSession();
    } catch (err) {
      this.forbidden = forbiddenBy(err);
      this.error = (err as Error).message;
    }
  }

  // The cookie carries the current access token: ask again when the one it carries is about to expire.
  private async openDashboardSession(force = false): Promise<void> {
    const current = this.dashboard;
    if (!force && current && 'expiresAt' in current && current.expiresAt - Date.now() > 60_000) return;
    try {
      const answer = await api<{ url: string; expiresAt: string }>('POST', '/api/v1/system/dashboard-session', {}, { credentials: 'same-origin' });
      this.dashboard = { expiresAt: Date.parse(answer.expiresAt) };
    } catch (err) {
      this.dashboard = { error: (err as Error).message };
    }
  }

  protected override render() {
    if (this.forbidden) return html`<forbidden-view .error=${this.forbidden} what="the system overview"></forbidden-view>`;
    const d = this.data;
    const db = d?.database;
    return html`<div class="page-head"><h1>System</h1><button type="button" @click=${() => this.load()}>Refresh</button></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${d?.clusterError ? html`<p class="error" role="alert" data-testid="cluster-error">The cluster did not answer: ${d.clusterError}</p>` : nothing}
      ${!d || !db ? (this.error ? nothing : html`<p class="muted" aria-busy="true">Loading…</p>`) : html`
        <div class="tiles">
          <div class="tile" data-testid="active-silos"><div class="tile-value">${d.activeSilos}</div><div class="tile-label">Active silos</div></div>
          <div class="tile"><div class="tile-value">${d.activations ?? '—'}</div><div class="tile-label">Grain activations</div></div>
          <div class="tile ${db.healthy ? 'ok' : 'bad'}" data-testid="postgres-status"><div class="tile-value">${db.healthy ? 'Healthy' : 'Unreachable'}</div><div class="tile-label">PostgreSQL</div></div>
          <div class="tile"><div class="tile-value">${db.latencyMs === null ? '—' : `${db.latencyMs.toFixed(2)} ms`}</div><div class="tile-label">Query round trip</div></div>
        </div>
        <section class="card" aria-labelledby="silos-head">
          <h2 id="silos-head">Silos</h2>
          <div class="table-wrap"><table class="list" data-testid="silos">
            <thead><tr><th>Silo</th><th>Status</th><th>Activations</th><th class="wide">CPU</th><th class="wide">Memory</th><th class="wide">Started</th><th class="wide">Last alive</th></tr></thead>
            <tbody>${d.silos.map((s) => html`<tr>
              <td><strong>${s.name}</strong><div class="muted small">${s.address}${s.hostName ? ` · ${s.hostName}` : ''}</div>${s.error ? html`<div class="error small">${s.error}</div>` : nothing}</td>
              <td><span class="badge ${s.status === 'Active' ? 'st-Healthy' : s.status === 'Dead' ? 'st-Unhealthy' : 'st-Degraded'}">${s.status}</span>${s.overloaded ? html` <span class="badge st-Degraded">overloaded</span>` : nothing}</td>
              <td>${s.activations ?? '—'}</td>
              <td class="wide">${s.cpuUsagePercent === null ? '—' : `${s.cpuUsagePercent} %`}</td>
              <td class="wide">${bytes(s.memoryUsageBytes)}</td>
              <td class="wide">${time(s.startedAt)}</td><td class="wide">${time(s.lastAliveAt)}</td></tr>`)}
            ${d.silos.length === 0 ? html`<tr><td colspan="7" class="muted">No silo in the membership table.</td></tr>` : nothing}</tbody>
          </table></div>
        </section>
        <div class="dash-grid">
          <section class="card" aria-labelledby="pg-head">
            <h2 id="pg-head">PostgreSQL</h2>
            <dl class="facts">
              <dt>Status</dt><dd>${db.healthy ? 'Healthy' : html`<span class="error">${db.error}</span>`}</dd>
              <dt>Server version</dt><dd>${db.serverVersion ?? '—'}</dd>
              <dt>Round trip</dt><dd>${db.latencyMs === null ? '—' : `${db.latencyMs.toFixed(2)} ms (SELECT 1)`}</dd>
              <dt>Database size</dt><dd>${bytes(db.databaseSizeBytes)}</dd>
              <dt>Connections</dt><dd>${db.connections ?? '—'} of ${db.maxConnections ?? '—'}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="api-head">
            <h2 id="api-head">API</h2>
            <dl class="facts">
              <dt>Version</dt><dd><code data-testid="api-version">${d.version}</code></dd>
              <dt>Read at</dt><dd>${time(d.generatedAt)}</dd>
              <dt>Orleans dashboard</dt><dd>${this.dashboard && 'error' in this.dashboard
                ? html`<span class="error">${this.dashboard.error}</span>`
                : html`<a href=${d.orleansDashboard} target="_blank" rel="noopener" data-testid="orleans-dashboard"
                    @pointerenter=${() => this.openDashboardSession()} @focus=${() => this.openDashboardSession()}>Open the Orleans dashboard</a>`}
                <div class="muted small">Grains, silos and call rates, in a new tab, with your sign-in (a cookie valid only there, ending with your session's token).</div></dd>
            </dl>
          </section>
        </div>`}`;
  }
}
customElements.define('system-page', SystemPage);
