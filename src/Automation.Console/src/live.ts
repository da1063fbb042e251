import { session } from './session';

// One live connection per tab: GET /api/v1/events (server-sent events) read with fetch() and a ReadableStream,
// because EventSource cannot send the Authorization header. It reconnects with exponential back-off (and at once
// after the server ends a stream at its maximum duration or the token's expiry); after any reconnect, and on a
// `resync` event (changes were lost on the way), it tells the pages to refetch what they show. Changes are best
// effort: pages still read the API for the truth and only use events as the cue to do so.

/** The data of a change event (see docs/api.md, `GET /api/v1/events`). */
export interface LiveChange {
  topic: 'workflow' | 'approval' | 'alert' | 'service';
  id: string;
  status: string;
  sequence: number;
  at: string;
  definition?: string;
  stepId?: string;
  stepStatus?: string;
  approvers?: string[];
  severity?: 'info' | 'warning' | 'critical';
  source?: string;
  title?: string;
  action?: string;
}

export type LiveState = 'off' | 'connecting' | 'live' | 'retrying';

const idleLimitMs = 45_000; // three missed heartbeats (one every 15 s): the stream is dead even if the socket is not
const maxBackoffMs = 30_000;

class Live extends EventTarget {
  state: LiveState = 'off';
  private abort: AbortController | null = null;
  private connectedOnce = false;
  private failures = 0;

  /** Starts the connection (idempotent); stops by itself when the session ends. */
  start(): void {
    if (this.abort || !session.signedIn) return;
    const abort = new AbortController();
    this.abort = abort;
    void this.run(abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    this.connectedOnce = false;
    this.failures = 0;
    this.set('off');
  }

  /** Calls `handler` for each change; answers the function that unsubscribes it. */
  onChange(handler: (change: LiveChange) => void): () => void {
    const listener = (e: Event) => handler((e as CustomEvent<LiveChange>).detail);
    this.addEventListener('change', listener);
    return () => this.removeEventListener('change', listener);
  }

  /** Calls `handler` when pages must refetch (a reconnect, or changes lost); answers the unsubscribe function. */
  onResync(handler: () => void): () => void {
    this.addEventListener('resync', handler);
    return () => this.removeEventListener('resync', handler);
  }

  private set(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    document.documentElement.dataset.live = state;
    this.dispatchEvent(new Event('state'));
  }

  private topics(): string {
    const topics: string[] = [];
    if (session.can('workflows:read')) topics.push('workflows', 'approvals');
    if (session.can('alerts:read')) topics.push('alerts');
    if (session.can('services:read')) topics.push('services');
    return topics.join(',');
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && session.signedIn) {
      this.set(this.connectedOnce ? 'retrying' : 'connecting');
      let cleanEnd = false;
      try {
        cleanEnd = await this.connect(signal);
      } catch {
        cleanEnd = false;
      }
      if (signal.aborted) return;
      // A stream the server ended on purpose (its maximum duration, the token's expiry) reconnects at once.
      this.failures = cleanEnd ? 0 : this.failures + 1;
      const delay = cleanEnd ? 0 : Math.min(maxBackoffMs, 1000 * 2 ** Math.min(this.failures - 1, 5)) * (0.75 + Math.random() / 2);
      this.set('retrying');
      await new Promise<void>((resolve) => {
        const timer = window.setTimeout(resolve, delay);
        signal.addEventListener('abort', () => { window.clearTimeout(timer); resolve(); }, { once: true });
      });
    }
  }

  /** One connection; answers true when the server ended it cleanly after it was ready. */
  private async connect(signal: AbortSignal): Promise<boolean> {
    const topics = this.topics();
    if (!topics) {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      return false;
    }
    const local = new AbortController();
    const stopLocal = () => local.abort();
    signal.addEventListener('abort', stopLocal, { once: true });
    let idle: number | undefined;
    const touch = () => {
      window.clearTimeout(idle);
      idle = window.setTimeout(() => local.abort(), idleLimitMs);
    };
    try {
      touch();
      let response = await this.open(topics, local.signal);
      if (response.status === 401) {
        const outcome = await session.refresh();
        if (outcome !== 'ok') {
          if (outcome === 'refused') session.expire(); // unreachable: the session is kept, the stream tried again later
          return false;
        }
        response = await this.open(topics, local.signal);
      }
      if (!response.ok || !response.body) return false;
      let ready = false;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let name = '';
      let data: string[] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return ready;
        touch();
        buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (name || data.length) ready = this.dispatch(name || 'message', data.join('\n'), ready);
            name = '';
            data = [];
          } else if (line.startsWith(':')) {
            // a heartbeat comment
          } else if (line.startsWith('event:')) {
            name = line.slice(6).trim();
          } else if (line.startsWith('data:')) {
            data.push(line.slice(5).replace(/^ /, ''));
          }
        }
      }
    } finally {
      window.clearTimeout(idle);
      signal.removeEventListener('abort', stopLocal);
    }
  }

  private open(topics: string, signal: AbortSignal): Promise<Response> {
    return fetch(`/api/v1/events?topics=${encodeURIComponent(topics)}`, {
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.accessToken ?? ''}` },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  }

  /** Handles one event; answers whether the stream is ready. */
  private dispatch(name: string, data: string, ready: boolean): boolean {
    if (name === 'ready') {
      const reconnected = this.connectedOnce;
      this.connectedOnce = true;
      this.failures = 0;
      this.set('live');
      if (reconnected) this.dispatchEvent(new Event('resync')); // what happened while away was not sent: refetch
      return true;
    }
    if (name === 'resync') {
      this.dispatchEvent(new Event('resync'));
      return ready;
    }
    try {
      this.dispatchEvent(new CustomEvent<LiveChange>('change', { detail: JSON.parse(data) as LiveChange }));
    } catch {
      // not JSON: ignore this event, keep the stream
    }
    return ready;
  }
}

export const live = new Live();
