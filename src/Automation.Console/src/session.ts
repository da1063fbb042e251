import { get } from './api';

// The signed-in session: tokens in sessionStorage (per tab, gone when the tab closes; never a cookie), the
// principal from GET /api/v1/auth/me, and what its permissions allow. The access token lives 15 minutes; it is
// refreshed shortly before it expires and whenever the API answers 401.
//
// A duplicated tab starts with a copy of its origin's sessionStorage, so two tabs can hold the same refresh token.
// The API rotates a refresh token on every use and treats a second use of a rotated one as theft (it revokes the
// whole sign-in), so the tabs must not both spend it: a refresh runs under a Web Lock shared by the origin's tabs,
// the tab that rotates the token hands the new tokens to the tabs that held the old one (BroadcastChannel), and
// leaves a marker (a hash of the spent token, never a token) in localStorage so that a tab whose refresh was queued
// behind it waits for those tokens instead of replaying the spent one.

export interface Me {
  subject: string;
  kind: string;
  roles: string[];
  permissions: string[];
  mfaEnabled: boolean;
  mfaEnrolmentRequired: boolean;
}

interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number;
}

interface TokenResponse {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number;
}

const storageKey = 'automation.session';
const channelName = 'automation.session';
const lockName = 'automation.session.refresh';
const spentPrefix = 'automation.session.spent:';

/**
 * How an exchange of the refresh token ended: 'ok' (new tokens), 'refused' (the API answered 400/401: the sign-in is
 * over), or 'unreachable' (no answer, or a 5xx: the session is kept and the exchange tried again later).
 */
export type Exchange = 'ok' | 'refused' | 'unreachable';

interface Rotated {
  kind: 'rotated';
  previous: string;
  tokens: Tokens;
}

/** A tab waiting for the successor of a spent token asks again: it may have been loading when the rotation went out. */
interface Asked {
  kind: 'ask';
  previous: string;
}

/** A hash of a refresh token for the localStorage marker (the token itself never leaves sessionStorage). */
async function fingerprint(token: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null; // not a secure context: no marker, the broadcast alone
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

class Session extends EventTarget {
  private refreshing: Promise<Exchange> | null = null;
  private timer: number | undefined;
  me: Me | null = null;

  private readonly channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : null;
  private readonly adopted = new Map<string, (tokens: Tokens) => void>();
  /** This tab's last rotation, sent again to a tab that asks for it (one that reloaded while it was broadcast). */
  private lastRotation: Rotated | null = null;

  constructor() {
    super();
    this.channel?.addEventListener('message', (e: MessageEvent<Rotated | Asked>) => {
      if (e.data?.kind === 'ask') {
        if (this.lastRotation?.previous === e.data.previous) this.channel?.postMessage(this.lastRotation);
        return;
      }
      if (e.data?.kind !== 'rotated') return;
      // Another tab spent the refresh token this tab holds: take its successor (the same sign-in).
      if (this.tokens?.refreshToken === e.data.previous) {
        sessionStorage.setItem(storageKey, JSON.stringify(e.data.tokens));
        this.schedule();
      }
      this.adopted.get(e.data.previous)?.(e.data.tokens);
    });
    this.schedule();
  }

  // sessionStorage is the one copy of the tokens (read on every request), so that what the tab holds is what is sent.
  private get tokens(): Tokens | null {
    try {
      const raw = sessionStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  }

  get accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  /** Signs in; answers 'mfa' when the account needs a code, throws the problem otherwise. */
  async signIn(username: string, password: string, mfaCode?: string): Promise<'ok' | 'mfa'> {
    const body: Record<string, string> = { username, password };
    if (mfaCode) body.mfaCode = mfaCode;
    const response = await fetch('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({ status: response.status }));
      if (response.status === 401 && problem.mfaRequired) {
        return 'mfa';
      }
      throw Object.assign(new Error(problem.detail ?? problem.title ?? `Sign-in failed (${response.status}).`), { problem });
    }
    this.store((await response.json()) as TokenResponse);
    await this.loadMe();
    this.dispatchEvent(new Event('signed-in'));
    return 'ok';
  }

  async loadMe(): Promise<Me> {
    this.me = await get<Me>('/api/v1/auth/me');
    return this.me;
  }

  /** Exchanges the refresh token (once at a time, across this origin's tabs); 'refused' when there is none. */
  refresh(): Promise<Exchange> {
    const wanted = this.tokens?.refreshToken;
    if (!wanted) return Promise.resolve('refused');
    this.refreshing ??= (async () => {
      try {
        const locks = (navigator as Navigator & { locks?: LockManager }).locks;
        return locks ? await locks.request(lockName, () => this.exchange(wanted)) : await this.exchange(wanted);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  // Runs under the lock: another tab may have spent `wanted` while this one waited for it.
  private async exchange(wanted: string): Promise<Exchange> {
    if (this.tokens?.refreshToken !== wanted) return this.tokens !== null ? 'ok' : 'refused'; // its successor arrived by broadcast
    const marker = await fingerprint(wanted);
    if (this.tokens?.refreshToken !== wanted) return this.tokens !== null ? 'ok' : 'refused';
    if (marker && localStorage.getItem(spentPrefix + marker)) {
      // Spent by another tab whose broadcast has not been delivered yet: wait for it, never replay the token.
      const tokens = await new Promise<Tokens | null>((resolve) => {
        const timer = window.setTimeout(() => resolve(null), 3_000);
        this.adopted.set(wanted, (t) => { window.clearTimeout(timer); resolve(t); });
        this.channel?.postMessage({ kind: 'ask', previous: wanted } satisfies Asked);
      }).finally(() => this.adopted.delete(wanted));
      if (tokens && this.tokens?.refreshToken === wanted) {
        sessionStorage.setItem(storageKey, JSON.stringify(tokens));
        this.schedule();
      }
      return this.tokens !== null && this.tokens.refreshToken !== wanted ? 'ok' : 'refused';
    }
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: wanted }),
        credentials: 'omit',
      });
      // Only the API's refusal ends the sign-in; a 5xx (a restart, an overloaded database) is no verdict on the token.
      if (response.status === 400 || response.status === 401) return 'refused';
      if (!response.ok) return 'unreachable';
      this.store((await response.json()) as TokenResponse);
      if (marker) {
        this.forgetSpent();
        localStorage.setItem(spentPrefix + marker, String(Date.now()));
      }
      this.lastRotation = { kind: 'rotated', previous: wanted, tokens: this.tokens! };
      this.channel?.postMessage(this.lastRotation);
      return 'ok';
    } catch {
      return 'unreachable'; // no answer (network down, API restarting)
    }
  }

  // Markers only matter for the few seconds a queued refresh waits; drop those older than a minute.
  private forgetSpent(): void {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key?.startsWith(spentPrefix) && Date.now() - Number(localStorage.getItem(key)) > 60_000) {
        localStorage.removeItem(key);
      }
    }
  }

  /** The session ended (refresh refused): forget the tokens, keep `me` so the page can say who should sign in. */
  expire(): void {
    this.clear();
    this.dispatchEvent(new Event('expired'));
  }

  async signOut(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    const access = this.tokens?.accessToken;
    if (refreshToken && access) {
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access}` },
        body: JSON.stringify({ refreshToken }),
        credentials: 'omit',
      }).catch(() => undefined);
    }
    this.clear();
    this.me = null;
    this.dispatchEvent(new Event('signed-out'));
  }

  /** Whether some grant covers the permission (for any definition when it is narrowed). */
  can(permission: string, definition?: string): boolean {
    const grants = this.me?.permissions ?? [];
    const [area, action] = permission.split(':');
    return grants.some((grant) => {
      if (grant === '*') return true;
      const [gArea, gAction, ...rest] = grant.split(':');
      if (gArea !== area) return false;
      if (gAction === '*') return true;
      if (gAction !== action) return false;
      const scope = rest.join(':');
      if (!scope || definition === undefined) return true;
      return globMatch(scope, definition);
    });
  }

  private store(t: TokenResponse): void {
    const tokens: Tokens = {
      accessToken: t.accessToken,
      refreshToken: t.refreshToken ?? this.tokens?.refreshToken ?? null,
      expiresAt: Date.now() + t.expiresIn * 1000,
    };
    sessionStorage.setItem(storageKey, JSON.stringify(tokens));
    this.schedule();
  }

  private clear(): void {
    sessionStorage.removeItem(storageKey);
    window.clearTimeout(this.timer);
  }

  // Refresh a minute before the access token expires, so that a page polling the API never sees a 401. When the API
  // cannot be reached, keep the session and try again after `retryMs`, doubled each time up to a minute.
  private schedule(retryMs = 0): void {
    window.clearTimeout(this.timer);
    if (!this.tokens?.refreshToken) return;
    const due = retryMs || Math.max(5_000, this.tokens!.expiresAt - Date.now() - 60_000);
    this.timer = window.setTimeout(() => {
      void this.refresh().then((outcome) => {
        if (outcome === 'refused') this.expire();
        else if (outcome === 'unreachable') this.schedule(Math.min(Math.max(retryMs * 2, 5_000), 60_000));
      });
    }, due);
  }
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value);
}

export const session = new Session();
