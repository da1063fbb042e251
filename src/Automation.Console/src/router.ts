// A small history-API router: real URLs (/workflows/abc), so links can be opened in a new tab and shared; the API
// answers index.html for any path that is not its own (see ApiConsoleExtensions).

export interface Route {
  name: 'dashboard' | 'workflows' | 'workflow' | 'start' | 'definitions' | 'definition' | 'definition-new' | 'definition-edit' | 'services' | 'service' | 'system' | 'alerts' | 'agents' | 'not-found'
    | 'schedules' | 'schedule' | 'schedule-new' | 'schedule-edit' | 'admin-users' | 'admin-roles' | 'admin-api-keys';
  params: Record<string, string>;
  query: URLSearchParams;
}

export function parse(location: Location): Route {
  const raw = location.pathname.split('/').filter(Boolean);
  const parts = raw.map(decodeURIComponent);
  const query = new URLSearchParams(location.search);
  const route = (name: Route['name'], params: Record<string, string> = {}): Route => ({ name, params, query });
  if (parts.length === 0) return route('dashboard');
  if (parts[0] === 'system' && parts.length === 1) return route('system');
  if (parts[0] === 'services' && parts.length === 2) return route('service', { name: parts[1] });
  if (parts[0] === 'workflows' && parts.length === 1) return route('workflows');
  if (parts[0] === 'workflows' && parts.length === 2) return route('workflow', { id: parts[1] });
  if (parts[0] === 'start' && parts.length === 1) return route('start');
  if (parts[0] === 'definitions' && parts.length === 1) return route('definitions');
  // The editor for a new definition; a definition named "new" is linked as /definitions/%6Eew (see definitionUrl).
  if (parts[0] === 'definitions' && parts.length === 2 && raw[1] === 'new') return route('definition-new');
  if (parts[0] === 'definitions' && parts.length === 2) return route('definition', { name: parts[1] });
  if (parts[0] === 'definitions' && parts.length === 3 && parts[2] === 'edit') return route('definition-edit', { name: parts[1] });
  if (parts.length === 1 && (parts[0] === 'services' || parts[0] === 'alerts' || parts[0] === 'agents')) return route(parts[0]);
  if (parts[0] === 'schedules' && parts.length === 1) return route('schedules');
  if (parts[0] === 'schedules' && parts.length === 2 && raw[1] === 'new') return route('schedule-new'); // a schedule named "new": /schedules/%6Eew
  if (parts[0] === 'schedules' && parts.length === 2) return route('schedule', { id: parts[1] });
  if (parts[0] === 'schedules' && parts.length === 3 && parts[2] === 'edit') return route('schedule-edit', { id: parts[1] });
  if (parts[0] === 'admin' && parts.length <= 2) {
    const page = parts[1] ?? 'users';
    if (page === 'users' || page === 'roles' || page === 'api-keys') return route(`admin-${page}` as Route['name']);
  }
  return route('not-found');
}

/** Asked before the console leaves the page (a link, navigate(), Back): answers whether leaving is fine. */
export type LeaveGuard = () => Promise<boolean>;
let leaveGuard: LeaveGuard | undefined;
let currentUrl = location.pathname + location.search + location.hash;

/** Sets (or, with undefined, removes) the one guard asked before in-app navigation, e.g. for unsaved changes. */
export function setLeaveGuard(guard: LeaveGuard | undefined): void {
  leaveGuard = guard;
}

function go(url: string, replace: boolean): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  currentUrl = url;
  window.dispatchEvent(new Event('route-changed'));
}

export function navigate(url: string, replace = false): void {
  const guard = leaveGuard;
  if (!guard) {
    go(url, replace);
    return;
  }
  void guard().then((leave) => {
    if (leave) {
      leaveGuard = undefined;
      go(url, replace);
    }
  });
}

/** Follows same-origin links without reloading the page. */
export function interceptLinks(): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.composedPath().find((n) => n instanceof HTMLAnchorElement) as HTMLAnchorElement | undefined) ?? null;
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (a.pathname.startsWith('/api/') || a.pathname.startsWith('/dashboard')) return;
    // A link within this page (the skip link's #main): the browser scrolls and moves focus; it is no navigation.
    if (a.hash && a.pathname === location.pathname && a.search === location.search) return;
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
  window.addEventListener('popstate', () => {
    const target = location.pathname + location.search + location.hash;
    // To or from a fragment of the same page (the skip link, then Back): the page stays, nothing to ask or render.
    if (target.split('#')[0] === currentUrl.split('#')[0]) {
      currentUrl = target;
      return;
    }
    if (!leaveGuard) {
      currentUrl = target;
      window.dispatchEvent(new Event('route-changed'));
      return;
    }
    // Back/Forward already changed the URL: put the page's URL back, then ask. On confirm, go back again (the guard
    // is gone by then) so that the history stays as it was: a push here would leave the page's URL to come Back to.
    history.pushState(null, '', currentUrl);
    const guard = leaveGuard;
    void guard().then((leave) => {
      if (leave) {
        leaveGuard = undefined;
        history.back();
      }
    });
  });
}

export const workflowUrl = (id: string) => `/workflows/${encodeURIComponent(id)}`;
export const serviceUrl = (name: string) => `/services/${encodeURIComponent(name)}`;
// "new" is the editors' own path: a definition or schedule of that name is linked with its first letter escaped.
const nameSegment = (name: string) => (name === 'new' ? '%6Eew' : encodeURIComponent(name));
export const definitionUrl = (name: string) => `/definitions/${nameSegment(name)}`;
export const definitionEditUrl = (name: string) => `/definitions/${nameSegment(name)}/edit`;
export const newDefinitionUrl = '/definitions/new';
export const scheduleUrl = (id: string) => `/schedules/${nameSegment(id)}`;
