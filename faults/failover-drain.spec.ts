import { describe, expect, it } from 'vitest';
import { recordFault, sized } from './support/fault-table.js';
import { failoverCanRun, runFailover } from './support/failover-scenario.js';

describe.skipIf(!failoverCanRun())('failover: a node drained (out of the balancer, then SIGTERM)', () => {
  it('its clients reconnect to another node and get every broadcast they missed, once each, in order per sender', async () => {
    const outcome = await runFailover('drain', { receiversPerNode: sized(2, 4), messages: sized(60, 400) });
    recordFault(outcome.row);
    expect(outcome.moved).toBeGreaterThan(0);
    expect(outcome.row).toMatchObject({ lost: 0, duplicated: 0 });
    expect(outcome.outOfOrder).toBe(0);
    expect(outcome.notRecovered).toBe(0);
    expect(outcome.row.reconnectP99Ms).toBeLessThan(1_000);
  }, 120_000);
});
