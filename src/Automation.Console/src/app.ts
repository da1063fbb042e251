import { html, nothing } from 'lit';
import { LightElement } from './element';
import { session } from './session';
import { ApiError } from './api';
import { interceptLinks, parse, type Route } from './router';
import './pages/sign-in';
import './pages/workflows-list';
import './pages/workflow-run';
import './pages/start-workflow';
import './pages/definitions';
import './pages/operations';
import './pages/schedules';
import './pages/schedule-form';
import './pages/admin-users';
import './pages/admin-roles';
import './pages/admin-api-keys';
import './pages/dashboard';
import './pages/system';
import './pages/service-detail';
import './components/notification-centre';
import { live } from './live';

type Theme = 'light' | 'dark';
const themeKey = 'automation.theme';

/** The shell: sign-in, navigation, theme, and the page for the current URL. */
export class AutomationApp extends LightElement {
  static override properties = { route: { state: true }, ready: { state: true }, expired: { state: true }, menuOpen: { state: true }, theme: { state: true }, editorFailed: { state: true }, unreachable: { state: true } };
  declare route: Route;
  declare ready: boolean;
  declare expired: boolean;
  declare menuOpen: boolean;
  declare theme: Theme;
  declare editorFailed: boolean;
  declare unreachable: boolean;

  constructor() {
    super();
    this.route = parse(location);
    this.ready = false;
    this.expired = false;
    this.menuOpen = false;
    this.editorFailed = false;
    this.unreachable = false;
    const stored = localStorage.getItem(themeKey);
    this.theme = stored === 'dark' || stored === 'light' ? stored : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    document.documentElement.dataset.theme = this.theme;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    interceptLinks();
    window.addEventListener('route-changed', () => {
      this.route = parse(location);
      this.menuOpen = false;
      window.scrollTo(0, 0);
      (document.querySelector('main') as HTMLElement | null)?.focus({ preventScroll: true });
    });
    session.addEventListener('signed-in', () => {
      this.expired = false;
      live.start();
      this.ready = true;
      this.requestUpdate();
    });
    this.refreshOnLive();
    session.addEventListener('expired', () => {
      this.expired = true;
      live.stop();
    });
    session.addEventListener('signed-out', () => {
      live.stop();
      this.requestUpdate();
    });
    if (session.signedIn) {
      this.loadMe();
    } else {
      this.ready = true;
    }
  }

  // Who is signed in. When the API cannot be reached (no answer, a 5xx, a refresh it could not answer) the session is
  // kept and the page says so, with a retry, instead of asking to sign in again.
  private loadMe(): void {
    this.unreachable = false;
    this.ready = false;
    session.loadMe().then(
      () => (this.ready = true),
      (err) => {
        this.unreachable = session.signedIn && (!(err instanceof ApiError) || err.status >= 500);
        this.ready = true;
      });
  }

  /**
   * The operations pages (services, alerts) have a Refresh button and no live code of their own: when a change of
   * their topic arrives while one is shown, the shell asks it to load again (once for a burst, after 1 s).
   */
  private refreshOnLive(): void {
    const pages: Record<string, [string, string]> = { alert: ['alerts', 'alerts-page'], service: ['services', 'services-page'] };
    let timer: number | undefined;
    const reload = (tag: string) => (this.querySelector(tag) as unknown as { load?: () => Promise<void> } | null)?.load?.();
    live.onChange((change) => {
      const page = pages[change.topic];
      if (page && this.route.name === page[0]) {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => void reload(page[1]), 1000);
      }
    });
    live.onResync(() => {
      const page = Object.values(pages).find(([route]) => route === this.route.name);
      if (page) void reload(page[1]);
    });
  }

  private toggleTheme(): void {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(themeKey, this.theme);
    document.documentElement.dataset.theme = this.theme;
  }

  // The editor (CodeMirror) is its own chunk, loaded when first needed. A tab opened before a deploy asks for a chunk
  // the server no longer has: say so instead of an empty page.
  private editor(name: string) {
    if (this.editorFailed) {
      return html`<h1>${name ? `Edit ${name}` : 'New definition'}</h1>
        <p class="error" role="alert" data-testid="editor-load-failed">Could not load the editor — reload the page (the console may have been updated since this tab opened).</p>
        <p><button type="button" class="primary" @click=${() => location.reload()}>Reload the page</button></p>`;
    }
    import('./pages/definition-editor').catch(() => (this.editorFailed = true));
    return html`<definition-editor .name=${name}></definition-editor>`;
  }

  private page() {
    const r = this.route;
    switch (r.name) {
      case 'dashboard': return html`<dashboard-page></dashboard-page>`;
      case 'system': return html`<system-page></system-page>`;
      case 'service': return html`<service-detail .name=${r.params.name}></service-detail>`;
      case 'workflows': return html`<workflows-list .search=${location.search}></workflows-list>`;
      case 'workflow': return html`<workflow-run .workflowId=${r.params.id}></workflow-run>`;
      case 'start': return html`<start-workflow .search=${location.search}></start-workflow>`;
      case 'definitions': return html`<definitions-list></definitions-list>`;
      case 'definition': return html`<definition-detail .name=${r.params.name}></definition-detail>`;
      case 'definition-new': return this.editor('');
      case 'definition-edit': return this.editor(r.params.name);
      case 'services': return html`<services-page></services-page>`;
      case 'alerts': return html`<alerts-page></alerts-page>`;
      case 'agents': return html`<agents-page></agents-page>`;
      case 'schedules': return html`<schedules-page></schedules-page>`;
      case 'schedule': return html`<schedule-detail .scheduleId=${r.params.id}></schedule-detail>`;
      case 'schedule-new': return html`<schedule-form></schedule-form>`;
      case 'schedule-edit': return html`<schedule-form .scheduleId=${r.params.id}></schedule-form>`;
      case 'admin-users': return html`<admin-users></admin-users>`;
      case 'admin-roles': return html`<admin-roles></admin-roles>`;
      case 'admin-api-keys': return html`<admin-api-keys></admin-api-keys>`;
      default: return html`<h1>Not found</h1><p>There is no page at <code>${location.pathname}</code>. <a href="/workflows">Go to the workflows</a>.</p>`;
    }
  }

  protected override render() {
    if (!this.ready) return html`<p class="muted">Loading…</p>`;
    if (this.unreachable) {
      return html`<main id="main" class="signed-out" tabindex="-1"><section class="card" aria-labelledby="unreachable-heading">
        <h1 id="unreachable-heading">The API is unreachable</h1>
        <p>The console could not reach the API (a network problem, or the API is restarting). You are still signed in.</p>
        <p><button type="button" class="primary" @click=${() => this.loadMe()}>Try again</button></p></section></main>`;
    }
    const me = session.me;
    if (!me && !this.expired) {
      return html`<main id="main" class="signed-out" tabindex="-1"><sign-in></sign-in></main>`;
    }
    const link = (href: string, label: string, active: boolean) =>
      html`<li><a href=${href} aria-current=${active ? 'page' : 'false'}>${label}</a></li>`;
    const r = this.route.name;
    return html`
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/"><img src="/favicon.svg" alt="" width="24" height="24" /> Automation</a>
        <notification-centre></notification-centre>
        <button type="button" class="menu-button" aria-expanded=${this.menuOpen ? 'true' : 'false'} aria-controls="nav" @click=${() => (this.menuOpen = !this.menuOpen)}>Menu</button>
        <nav id="nav" class=${this.menuOpen ? 'open' : ''} aria-label="Main">
          <ul>
            ${link('/', 'Dashboard', r === 'dashboard')}
            ${session.can('workflows:read') ? link('/workflows', 'Workflows', r === 'workflows' || r === 'workflow') : nothing}
            ${session.can('workflows:start') ? link('/start', 'Start', r === 'start') : nothing}
            ${session.can('definitions:read') ? link('/definitions', 'Definitions', r === 'definitions' || r === 'definition' || r === 'definition-new' || r === 'definition-edit') : nothing}
            ${session.can('services:read') ? link('/services', 'Services', r === 'services' || r === 'service') : nothing}
            ${session.can('alerts:read') ? link('/alerts', 'Alerts', r === 'alerts') : nothing}
            ${session.can('agents:read') ? link('/agents', 'Agents', r === 'agents') : nothing}
            ${session.can('schedules:read') ? link('/schedules', 'Schedules', r.startsWith('schedule')) : nothing}
            ${session.can('cluster:read') ? link('/system', 'System', r === 'system') : nothing}
            ${session.can('users:admin') ? link('/admin/users', 'Admin', r.startsWith('admin-')) : nothing}
          </ul>
          <div class="user">
            <button type="button" class="theme" @click=${this.toggleTheme} aria-label="Switch to ${this.theme === 'dark' ? 'light' : 'dark'} theme">${this.theme === 'dark' ? '☀ Light' : '☾ Dark'}</button>
            <span class="who" title=${me ? `Roles: ${me.roles.join(', ')}` : ''}>${me?.subject ?? ''}</span>
            <button type="button" @click=${() => session.signOut()}>Sign out</button>
          </div>
        </nav>
      </header>
      ${me?.mfaEnrolmentRequired ? html`<p class="notice banner">A role of yours requires MFA: enrol with POST /api/v1/auth/mfa/enrol before anything else is allowed.</p>` : nothing}
      <main id="main" tabindex="-1">${this.page()}</main>
      ${this.expired ? html`<div class="overlay" role="dialog" aria-modal="true" aria-label="Session expired">
          <sign-in notice="Your session has expired. Sign in again to go on; this page keeps what you entered."></sign-in></div>` : nothing}`;
  }
}
customElements.define('automation-app', AutomationApp);
