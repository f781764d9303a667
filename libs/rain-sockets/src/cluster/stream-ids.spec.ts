import { describe, expect, it } from 'vitest';
import { compareStreamIds, isStreamId, latestStreamId } from './stream-ids.js';

describe('stream ids', () => {
  it('compare in stream order, by time then sequence, as numbers', () => {
    expect(compareStreamIds('999-0', '1000-0')).toBeLessThan(0);
    expect(compareStreamIds('1000-10', '1000-9')).toBeGreaterThan(0);
    expect(compareStreamIds('1000-1', '1000-1')).toBe(0);
    expect(latestStreamId(undefined, '5-2', '10-0', '9-99')).toBe('10-0');
    expect(latestStreamId(undefined)).toBeUndefined();
  });

  it('recognise what socket.io-client sends back as its offset', () => {
    expect(isStreamId('1700000000000-3')).toBe(true);
    expect(isStreamId('hello')).toBe(false);
    expect(isStreamId(12)).toBe(false);
  });
});
