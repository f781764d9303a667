import { describe, it } from 'vitest';
import { expectNothingLost, failoverCanRun } from './support/failover-scenario.js';

describe.skipIf(!failoverCanRun())('failover: a node drained (out of the balancer, then SIGTERM)', () => {
  it('its clients reconnect to another node and get every broadcast they missed, once each, in order per sender', () => expectNothingLost('drain'), 120_000);
});
