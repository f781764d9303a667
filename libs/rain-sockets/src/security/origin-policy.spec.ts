import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isOwnOrigin, normalizeOrigin, originPolicy } from './origin-policy.js';

const request = (host?: string) => ({ headers: { host } }) as IncomingMessage;

describe('origin policy', () => {
  it('knows the own origin across default ports, letter case and TLS termination', () => {
    expect(isOwnOrigin('https://app.example.com', 'app.example.com')).toBe(true);
    expect(isOwnOrigin('https://app.example.com', 'app.example.com:443')).toBe(true);
    expect(isOwnOrigin('http://App.Example.com:8080', 'app.example.com:8080')).toBe(true);
    expect(isOwnOrigin('http://[::1]:3000', '[::1]:3000')).toBe(true);
    expect(isOwnOrigin('https://app.example.com', 'app.example.com:8443')).toBe(false);
    expect(isOwnOrigin('https://app.example.com.evil.example', 'app.example.com')).toBe(false);
    expect(isOwnOrigin('https://app.example.com', undefined)).toBe(false);
    expect(isOwnOrigin('null', 'app.example.com')).toBe(false);
    expect(isOwnOrigin('file://', 'app.example.com')).toBe(false);
  });

  it('accepts only bare origins in a list', () => {
    expect(normalizeOrigin('HTTPS://App.Example.com:443')).toBe('https://app.example.com');
    expect(normalizeOrigin('https://app.example.com/')).toBe('https://app.example.com');
    expect(normalizeOrigin('https://app.example.com/login')).toBeUndefined();
    expect(normalizeOrigin('https://user@app.example.com')).toBeUndefined();
    expect(normalizeOrigin('app.example.com')).toBeUndefined();
    expect(normalizeOrigin('ws://app.example.com')).toBeUndefined();
  });

  it('lets a missing Origin through the default and list policies, but asks a function', async () => {
    expect(originPolicy(undefined)(undefined, request('a.example'))).toBe(true);
    expect(originPolicy(['https://b.example'])(undefined, request('a.example'))).toBe(true);
    expect(originPolicy(['https://b.example'])('https://B.example', request('a.example'))).toBe(true);
    expect(await originPolicy((origin) => origin !== undefined)(undefined, request('a.example'))).toBe(false);
  });
});
