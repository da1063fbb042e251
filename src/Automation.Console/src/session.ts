import { get } from './api';

// The signed-in session: tokens in sessionStorage (per tab, gone when the tab closes; never a cookie), the
// principal from GET /api/v1/auth/me, and what its permissions allow. The access token lives 15 minutes; it is
// refreshed shortly before it expires and whenever the API answers 401.

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

class Session extends EventTarget {
  private refreshing: Promise<boolean> | null = null;
  private timer: number | undefined;
  me: Me | null = null;

  constructor() {
    super();
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

  /** Exchanges the refresh token (once at a time); false when there is none or it was refused. */
  refresh(): Promise<boolean> {
    if (!this.tokens?.refreshToken) return Promise.resolve(false);
    this.refreshing ??= (async () => {
      try {
        const response = await fetch('/api/v1/auth/refresh', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refreshToken: this.tokens?.refreshToken }),
          credentials: 'omit',
        });
        if (!response.ok) return false;
        this.store((await response.json()) as TokenResponse);
        return true;
      } catch {
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
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

  // Refresh a minute before the access token expires, so that a page polling the API never sees a 401.
  private schedule(): void {
    window.clearTimeout(this.timer);
    if (!this.tokens?.refreshToken) return;
    const due = Math.max(5_000, this.tokens!.expiresAt - Date.now() - 60_000);
    this.timer = window.setTimeout(() => {
      void this.refresh().then((ok) => {
        if (!ok) this.expire();
      });
    }, due);
  }
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value);
}

export const session = new Session();
