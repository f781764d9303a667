import { keepAliveFailedMessage } from './rain-client.messages.js';

/** Why the bus heard `session_expired`. */
export type SessionExpiredReason = 'inactive' | 'expired' | 'destroyed' | (string & {});

/** What `session_expired` carries on the client's bus: why the session is gone. */
export interface SessionExpiredPayload {
  reason: SessionExpiredReason;
}

export interface KeepAliveConfig {
  /** Absolute URL of the keep-alive route; undefined: no keep-alive calls. */
  url?: string;
  /** How long before the cookie's expiry the check runs (ms). */
  lead: number;
  headers?: Record<string, string>;
  fetch: typeof fetch;
  /** Called once per lost session; again only after a live one was learned. */
  expired(payload: SessionExpiredPayload): void;
  failed(error: unknown): void;
}

/** A failed call is tried again after this long, if the cookie lives that long. */
const RETRY_MS = 1_000;

/**
 * Seed 001's session cookie consistency. Websocket frames carry no headers, so socket
 * activity never moves the cookie's expiry: shortly before it, when there was activity
 * since the last refresh, this GETs the keep-alive route (which re-issues the cookie);
 * when there was none, the session is given up and `session_expired` published.
 */
export class KeepAlive {
  private expiresAt?: number;
  private timer?: ReturnType<typeof setTimeout>;
  private active = false;
  private expired = false;
  private stopped = false;

  constructor(private readonly config: KeepAliveConfig) {}

  /** A socket sent or received an app event. Called per event: only sets a flag. */
  markActive(): void {
    this.active = true;
  }

  /** The cookie's expiry, from `rain:session` or the keep-alive answer; null: a browser-session cookie. */
  learn(expires: string | null | undefined): void {
    const at = typeof expires === 'string' ? Date.parse(expires) : Number.NaN;
    this.expiresAt = Number.isNaN(at) ? undefined : at;
    if (this.expiresAt !== undefined && this.expiresAt > Date.now()) this.expired = false;
    this.schedule(this.checkDelay());
  }

  /** The server said the session is gone (`session_expired`, a refused handshake). */
  lost(payload: SessionExpiredPayload): void {
    this.clear();
    if (this.expired || this.stopped) return;
    this.expired = true;
    this.config.expired(payload);
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private checkDelay(): number | undefined {
    if (this.expiresAt === undefined) return undefined;
    const remaining = this.expiresAt - Date.now();
    // A cookie shorter-lived than twice the lead is checked halfway through.
    return Math.max(0, remaining - Math.min(this.config.lead, remaining / 2));
  }

  private schedule(delay: number | undefined, run: () => unknown = () => this.check()): void {
    this.clear();
    if (delay === undefined || this.stopped || this.expired) return;
    this.timer = setTimeout(() => void run(), delay);
    // In Node, a pending keep-alive must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    if (!this.active) return this.lost({ reason: 'inactive' });
    if (!this.config.url) return this.schedule(this.untilExpiry(), () => this.lost({ reason: 'expired' }));
    this.active = false;
    let answer: { expires?: string | null } | undefined;
    try {
      const response = await this.config.fetch(this.config.url, {
        credentials: 'include',
        cache: 'no-store',
        headers: this.config.headers,
      });
      if (response.status === 401) return this.lost({ reason: 'expired' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      answer = (await response.json()) as { expires?: string | null };
    } catch (error) {
      if (this.stopped) return;
      this.config.failed(new Error(keepAliveFailedMessage(this.config.url, String((error as Error)?.message ?? error)), { cause: error }));
      this.active = true;
      const remaining = this.untilExpiry() ?? 0;
      if (remaining > RETRY_MS) this.schedule(RETRY_MS);
      else this.schedule(remaining, () => this.lost({ reason: 'expired' }));
      return;
    }
    if (!this.stopped) this.learn(answer?.expires ?? null);
  }

  private untilExpiry(): number | undefined {
    return this.expiresAt === undefined ? undefined : Math.max(0, this.expiresAt - Date.now());
  }
}
