import type { IncomingMessage } from 'node:http';
import type { RainAllowedOrigins } from './security-options.interface.js';

export type OriginDecision = (origin: string | undefined, request: IncomingMessage) => boolean | Promise<boolean>;

/**
 * Turns `allowedOrigins` into a decision per handshake. A handshake without an `Origin`
 * header passes the default and list policies: browsers send one on every WebSocket and
 * every cross-origin request, but not on a same-origin polling GET; only non-browser clients
 * omit it otherwise, and those can forge any header anyway (the origin check protects
 * browsers' cookies, it does not authenticate).
 */
export function originPolicy(allowed: RainAllowedOrigins | undefined): OriginDecision {
  if (allowed === '*') return () => true;
  if (typeof allowed === 'function') return allowed;
  if (Array.isArray(allowed)) {
    const origins = new Set(allowed.map(normalizeOrigin));
    return (origin) => origin === undefined || origins.has(normalizeOrigin(origin));
  }
  return (origin, request) => origin === undefined || isOwnOrigin(origin, request.headers.host);
}

/** `https://App.example.com:443` → `https://app.example.com`; anything that is no http(s) origin → undefined. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== `${url.protocol}//${url.host}`) return undefined;
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether the page came from the host the request was sent to. Schemes are not compared:
 * behind a TLS-terminating proxy the app sees http while the page is https.
 */
export function isOwnOrigin(origin: string, host: string | undefined): boolean {
  const normalized = normalizeOrigin(origin);
  if (!normalized || !host) return false;
  const url = new URL(normalized);
  try {
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}
