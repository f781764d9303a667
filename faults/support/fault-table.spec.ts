import { describe, expect, it } from 'vitest';
import { renderFaultTable } from './fault-table.js';

describe('the fault table', () => {
  it('prints one row per scenario, with a dash where a figure does not apply', () => {
    expect(
      renderFaultTable([
        { scenario: 'kill -9', sent: 300, received: 299, lost: 1, duplicated: 0, reconnectP99Ms: 412.6 },
        { scenario: 'session writes', sent: 1200, received: 1200, lost: 0, duplicated: 0, sessionWritesLost: 0, note: '3 nodes' },
      ]),
    ).toBe(
      [
        '| scenario | sent | received | lost | duplicated | reconnect p99 | session writes lost |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| kill -9 | 300 | 299 | 1 | 0 | 413 ms | – |',
        '| session writes (3 nodes) | 1200 | 1200 | 0 | 0 | – | 0 |',
      ].join('\n'),
    );
  });
});
