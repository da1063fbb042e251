// A small history-API router: real URLs (/workflows/abc), so links can be opened in a new tab and shared; the API
// answers index.html for any path that is not its own (see ApiConsoleExtensions).

export interface Route {
  name: 'dashboard' | 'workflows' | 'workflow' | 'start' | 'definitions' | 'definition' | 'services' | 'service' | 'system' | 'alerts' | 'agents' | 'not-found'
    | 'schedules' | 'schedule' | 'schedule-new' | 'schedule-edit' | 'admin-users' | 'admin-roles' | 'admin-api-keys';
  params: Record<string, string>;
  query: URLSearchParams;
}

export function parse(location: Location): Route {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(location.search);
  const route = (name: Route['name'], params: Record<string, string> = {}): Route => ({ name, params, query });
  if (parts.length === 0) return route('dashboard');
  if (parts[0] === 'system' && parts.length === 1) return route('system');
  if (parts[0] === 'services' && parts.length === 2) return route('service', { name: parts[1] });
  if (parts[0] === 'workflows' && parts.length === 1) return route('workflows');
  if (parts[0] === 'workflows' && parts.length === 2) return route('workflow', { id: parts[1] });
  if (parts[0] === 'start' && parts.length === 1) return route('start');
  if (parts[0] === 'definitions' && parts.length === 1) return route('definitions');
  if (parts[0] === 'definitions' && parts.length === 2) return route('definition', { name: parts[1] });
  if (parts.length === 1 && (parts[0] === 'services' || parts[0] === 'alerts' || parts[0] === 'agents')) return route(parts[0]);
  if (parts[0] === 'schedules' && parts.length === 1) return route('schedules');
  if (parts[0] === 'schedules' && parts.length === 2 && parts[1] === 'new') return route('schedule-new');
  if (parts[0] === 'schedules' && parts.length === 2) return route('schedule', { id: parts[1] });
  if (parts[0] === 'schedules' && parts.length === 3 && parts[2] === 'edit') return route('schedule-edit', { id: parts[1] });
  if (parts[0] === 'admin' && parts.length <= 2) {
    const page = parts[1] ?? 'users';
    if (page === 'users' || page === 'roles' || page === 'api-keys') return route(`admin-${page}` as Route['name']);
  }
  return route('not-found');
}

export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event('route-changed'));
}

/** Follows same-origin links without reloading the page. */
export function interceptLinks(): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.composedPath().find((n) => n instanceof HTMLAnchorElement) as HTMLAnchorElement | undefined) ?? null;
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (a.pathname.startsWith('/api/') || a.pathname.startsWith('/dashboard')) return;
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
  window.addEventListener('popstate', () => window.dispatchEvent(new Event('route-changed')));
}

export const workflowUrl = (id: string) => `/workflows/${encodeURIComponent(id)}`;
export const serviceUrl = (name: string) => `/services/${encodeURIComponent(name)}`;
export const definitionUrl = (name: string) => `/definitions/${encodeURIComponent(name)}`;
export const scheduleUrl = (id: string) => `/schedules/${encodeURIComponent(id)}`;
