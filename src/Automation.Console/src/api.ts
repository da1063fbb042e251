// The one way the console talks to the API: same origin, JSON, the access token in the Authorization header
// (never a cookie, so no request is sent with credentials the page did not add: CSRF has nothing to ride on).
// A 401 refreshes the session once and repeats the request; if the API refuses the refresh the session is over and
// the shell shows the sign-in dialog over the page (which keeps its state, so a half-filled form is not lost). If the
// API cannot be reached for the refresh, the session is kept and the request fails with an "unreachable" error.

import { session } from './session';

/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  traceId?: string;
  mfaRequired?: boolean;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(describe(problem));
  }
  get status(): number {
    return this.problem.status;
  }
  /** The permission a 403 names (the API adds it when a missing permission was the reason), if any. */
  get permission(): string | undefined {
    return this.problem.status === 403 && typeof this.problem.permission === 'string' ? this.problem.permission : undefined;
  }
  /** The messages for one field (JSON path or parameter name), or for every path below it. */
  fieldErrors(prefix: string): string[] {
    const errors = this.problem.errors ?? {};
    return Object.entries(errors)
      .filter(([key]) => key === prefix || key.startsWith(prefix + '.') || key.startsWith(prefix + '['))
      .flatMap(([key, messages]) => messages.map((m) => (key === prefix ? m : `${key}: ${m}`)));
  }
}

function describe(p: Problem): string {
  if (p.status === 403) {
    const needs = typeof p.permission === 'string' && !p.detail ? ` (needs ${p.permission})` : '';
    return `Not allowed: ${p.detail ?? 'your role lacks the permission this needs.'}${needs}`;
  }
  if (p.errors) {
    return Object.entries(p.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('\n');
  }
  return p.detail ?? p.title ?? `The server answered ${p.status}.`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

async function send(method: Method, path: string, body: unknown, auth: boolean, headers: Record<string, string>, credentials: RequestCredentials = 'omit'): Promise<Response> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
  }
  if (auth && session.accessToken) {
    h.Authorization = `Bearer ${session.accessToken}`;
  }
  return fetch(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials,
    cache: 'no-store',
  });
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const p = (await response.json()) as Problem;
    return { ...p, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

/** Sends a request to the API and answers its JSON (or undefined for 204). Throws ApiError for any non-2xx. */
/** `credentials` is 'omit' except where the API must set a cookie (the Orleans dashboard's session, on the system page). */
export async function api<T>(method: Method, path: string, body?: unknown, options: { auth?: boolean; headers?: Record<string, string>; credentials?: RequestCredentials } = {}): Promise<T> {
  const auth = options.auth ?? true;
  let response = await send(method, path, body, auth, options.headers ?? {}, options.credentials);
  if (response.status === 401 && auth) {
    const outcome = await session.refresh();
    if (outcome === 'unreachable') {
      throw new ApiError({ status: 503, title: 'The API is unreachable', detail: 'The API is unreachable: the session could not be renewed. Try again in a moment.' });
    }
    if (outcome === 'ok') {
      response = await send(method, path, body, auth, options.headers ?? {}, options.credentials);
    }
    if (response.status === 401) {
      session.expire();
    }
  }
  if (!response.ok) {
    throw new ApiError(await problemOf(response));
  }
  if (response.status === 204 || response.headers.get('Content-Length') === '0') {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('POST', path, body ?? {}, { headers });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/** Builds a query string from the defined, non-empty values (arrays repeat the key). */
export function query(values: Record<string, string | string[] | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.filter((x) => x !== '').forEach((x) => q.append(k, x));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;
