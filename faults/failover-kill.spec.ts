import { describe, it } from 'vitest';
import { expectNothingLost, failoverCanRun } from './support/failover-scenario.js';

describe.skipIf(!failoverCanRun())('failover: a node killed (kill -9)', () => {
  it('its clients reconnect to another node and get every broadcast they missed, once each, in order per sender', () => expectNothingLost('kill'), 120_000);
});
