import { html, nothing, svg } from 'lit';
import { LightElement } from '../element';
import { api, get } from '../api';
import { session } from '../session';
import { live, type LiveChange, type LiveState } from '../live';
import { workflowUrl } from '../router';
import { time } from '../format';

// The notification centre: a bell in the header with the unread count, toasts (an aria-live region) for workflow
// failures, raised alerts and approvals waiting for the signed-in user, a history panel kept per user in
// localStorage (the last 200, mark read), and the user's preferences, stored on the server
// (GET/PUT /api/v1/auth/me/preferences) so that they follow the user from browser to browser.

export interface Preferences {
  toasts: boolean;
  workflowFailures: boolean;
  alerts: boolean;
  approvals: boolean;
  minAlertSeverity: 'info' | 'warning' | 'critical';
}

export interface Notification {
  key: string;
  kind: 'failure' | 'alert' | 'approval';
  title: string;
  detail: string;
  href: string;
  at: string;
  read: boolean;
  severity?: string;
}

const defaults: Preferences = { toasts: true, workflowFailures: true, alerts: true, approvals: true, minAlertSeverity: 'warning' };
const severityRank = { info: 0, warning: 1, critical: 2 } as const;
const failed = ['Failed', 'TimedOut', 'Terminated'];
const keep = 200;
const toastMs = 10_000;
const bellIcon = html`<svg class="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">${svg`
  <path d="M12 3a6 6 0 0 0-6 6v3.6l-1.7 2.9A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
  <path d="M9.5 19.5a2.5 2.5 0 0 0 5 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>`}</svg>`;

/** What a change means for this user, if anything (pure: the tests of the rules read it through the page). */
export function notificationFor(change: LiveChange, prefs: Preferences): Notification | null {
  const base = { at: change.at, read: false };
  if (change.topic === 'workflow' && failed.includes(change.status) && prefs.workflowFailures) {
    return { ...base, key: `wf:${change.id}:${change.sequence}`, kind: 'failure', href: workflowUrl(change.id),
      title: `Workflow ${change.status === 'Failed' ? 'failed' : change.status === 'TimedOut' ? 'timed out' : 'terminated'}: ${change.id}`,
      detail: [change.definition, change.title].filter(Boolean).join(' — ') };
  }
  if (change.topic === 'alert' && change.action === 'raised' && prefs.alerts
    && severityRank[change.severity ?? 'info'] >= severityRank[prefs.minAlertSeverity]) {
    return { ...base, key: `alert:${change.id}`, kind: 'alert', href: '/alerts', severity: change.severity,
      title: `Alert (${change.severity}): ${change.title ?? change.id}`, detail: change.source ?? '' };
  }
  if (change.topic === 'approval' && prefs.approvals && forMe(change)) {
    return { ...base, key: `approval:${change.id}:${change.stepId}`, kind: 'approval', href: workflowUrl(change.id),
      title: `Approval waiting: ${change.id} / ${change.stepId}`, detail: [change.definition, change.title].filter(Boolean).join(' — ') };
  }
  return null;
}

/** Whether an approval waits for the signed-in user: named, or one of their roles, or anyone who may signal. */
function forMe(change: LiveChange): boolean {
  const me = session.me;
  if (!me) return false;
  const approvers = change.approvers ?? [];
  if (approvers.length === 0) return session.can('workflows:signal', change.definition);
  return approvers.some((a) => a === me.subject || (a.startsWith('role:') && me.roles.includes(a.slice(5))));
}

export class NotificationCentre extends LightElement {
  static override properties = {
    open: { state: true }, items: { state: true }, toasts: { state: true }, prefs: { state: true },
    liveState: { state: true }, saved: { state: true }, prefsError: { state: true },
  };
  declare open: boolean;
  declare items: Notification[];
  declare toasts: Notification[];
  declare prefs: Preferences;
  declare liveState: LiveState;
  declare saved: string;
  declare prefsError: string;
  private offChange: (() => void) | null = null;
  private readonly onState = () => (this.liveState = live.state);
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.open) this.close();
  };

  constructor() {
    super();
    this.open = false;
    this.items = [];
    this.toasts = [];
    this.prefs = { ...defaults };
    this.liveState = live.state;
    this.saved = '';
    this.prefsError = '';
  }

  private get storageKey(): string {
    return `automation.notifications.${session.me?.subject ?? ''}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.items = this.loadHistory();
    this.offChange = live.onChange((c) => this.take(c));
    live.addEventListener('state', this.onState);
    document.addEventListener('keydown', this.onKey);
    if (session.me?.kind === 'user') {
      get<Preferences>('/api/v1/auth/me/preferences').then((p) => (this.prefs = { ...defaults, ...p }), () => undefined);
    }
    live.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offChange?.();
    live.removeEventListener('state', this.onState);
    document.removeEventListener('keydown', this.onKey);
  }

  private loadHistory(): Notification[] {
    try {
      const raw = localStorage.getItem(this.storageKey);
      return raw ? (JSON.parse(raw) as Notification[]).slice(0, keep) : [];
    } catch {
      return [];
    }
  }

  private saveHistory(): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.items.slice(0, keep)));
    } catch {
      // storage full or refused: the history lives in memory for this tab
    }
  }

  private take(change: LiveChange): void {
    const n = notificationFor(change, this.prefs);
    if (!n || this.items.some((i) => i.key === n.key)) return;
    this.items = [n, ...this.items].slice(0, keep);
    this.saveHistory();
    if (this.prefs.toasts) {
      this.toasts = [...this.toasts, n].slice(-4);
      window.setTimeout(() => this.dismiss(n.key), toastMs);
    }
  }

  private dismiss(key: string): void {
    this.toasts = this.toasts.filter((t) => t.key !== key);
  }

  private markAllRead(): void {
    this.items = this.items.map((i) => ({ ...i, read: true }));
    this.saveHistory();
  }

  private markRead(key: string): void {
    this.items = this.items.map((i) => (i.key === key ? { ...i, read: true } : i));
    this.saveHistory();
  }

  private clearHistory(): void {
    this.items = [];
    this.saveHistory();
  }

  private toggle(): void {
    if (this.open) this.close();
    else {
      this.open = true;
      void this.updateComplete.then(() => (this.querySelector('#notifications-panel h2') as HTMLElement | null)?.focus());
    }
  }

  private close(): void {
    this.open = false;
    (this.querySelector('.bell') as HTMLElement | null)?.focus();
  }

  private async savePrefs(e: Event): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const body: Preferences = {
      toasts: form.get('toasts') === 'on',
      workflowFailures: form.get('workflowFailures') === 'on',
      alerts: form.get('alerts') === 'on',
      approvals: form.get('approvals') === 'on',
      minAlertSeverity: String(form.get('minAlertSeverity') ?? 'warning') as Preferences['minAlertSeverity'],
    };
    this.saved = '';
    this.prefsError = '';
    try {
      this.prefs = { ...defaults, ...(await api<Preferences>('PUT', '/api/v1/auth/me/preferences', body)) };
      this.saved = 'Preferences saved.';
    } catch (err) {
      this.prefsError = (err as Error).message;
    }
  }

  private liveLabel(): string {
    return { off: 'Live updates off', connecting: 'Connecting…', live: 'Live', retrying: 'Reconnecting…' }[this.liveState];
  }

  protected override render() {
    const unread = this.items.filter((i) => !i.read).length;
    const p = this.prefs;
    const isUser = session.me?.kind === 'user';
    return html`
      <span class="live-indicator live-${this.liveState}" data-testid="live-indicator" title="Pages update without reload while live">
        <span class="dot" aria-hidden="true"></span><span class="label">${this.liveLabel()}</span></span>
      <button type="button" class="bell" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="notifications-panel"
        aria-label=${`Notifications, ${unread} unread`} @click=${this.toggle}>
        ${bellIcon}${unread ? html`<span class="unread" data-testid="unread-count">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>
      ${this.open ? html`<section id="notifications-panel" class="notifications-panel" aria-label="Notifications">
        <div class="panel-head"><h2 tabindex="-1">Notifications</h2>
          <button type="button" class="small" ?disabled=${unread === 0} @click=${this.markAllRead}>Mark all read</button>
          <button type="button" class="small" ?disabled=${this.items.length === 0} @click=${this.clearHistory}>Clear</button>
          <button type="button" class="small" aria-label="Close notifications" @click=${this.close}>✕</button></div>
        <ul class="notification-list">
          ${this.items.length === 0 ? html`<li class="muted">Nothing yet. Workflow failures, alerts and approvals waiting for you show here.</li>` : nothing}
          ${this.items.map((n) => html`<li class=${`notification kind-${n.kind}${n.read ? '' : ' unread'}`} data-key=${n.key}>
            <a href=${n.href} @click=${() => { this.markRead(n.key); this.open = false; }}>${n.title}</a>
            ${n.detail ? html`<span class="muted small">${n.detail}</span>` : nothing}
            <span class="muted small">${time(n.at)}${n.read ? '' : html` · <button type="button" class="link small" @click=${() => this.markRead(n.key)}>Mark read</button>`}</span>
          </li>`)}
        </ul>
        ${isUser ? html`<form class="prefs" @submit=${this.savePrefs} aria-label="Notification preferences">
          <h3>Preferences</h3>
          <label class="check"><input type="checkbox" name="toasts" .checked=${p.toasts} /> Show toasts</label>
          <label class="check"><input type="checkbox" name="workflowFailures" .checked=${p.workflowFailures} /> Workflow failures</label>
          <label class="check"><input type="checkbox" name="alerts" .checked=${p.alerts} /> Alerts raised</label>
          <label class="check"><input type="checkbox" name="approvals" .checked=${p.approvals} /> Approvals waiting for me</label>
          <label>Least alert severity<select name="minAlertSeverity" .value=${p.minAlertSeverity}>
            <option value="info" ?selected=${p.minAlertSeverity === 'info'}>info</option>
            <option value="warning" ?selected=${p.minAlertSeverity === 'warning'}>warning</option>
            <option value="critical" ?selected=${p.minAlertSeverity === 'critical'}>critical</option></select></label>
          <div><button type="submit" class="primary small">Save preferences</button></div>
          ${this.saved ? html`<p class="muted small" role="status">${this.saved}</p>` : nothing}
          ${this.prefsError ? html`<p class="error" role="alert">${this.prefsError}</p>` : nothing}
        </form>` : nothing}
      </section>` : nothing}
      <div class="toasts" role="status" aria-live="polite" aria-label="New notifications">
        ${this.open ? nothing : this.toasts.map((t) => html`<div class=${`toast kind-${t.kind}`} data-key=${t.key}>
          <div class="toast-body"><a href=${t.href} @click=${() => { this.markRead(t.key); this.dismiss(t.key); }}>${t.title}</a>
            ${t.detail ? html`<span class="small">${t.detail}</span>` : nothing}</div>
          <button type="button" class="small" aria-label=${`Dismiss: ${t.title}`} @click=${() => this.dismiss(t.key)}>✕</button>
        </div>`)}
      </div>`;
  }
}
customElements.define('notification-centre', NotificationCentre);
