import type { INestApplication } from '@nestjs/common';
import { type NodeProcess, spawnNode } from 'rain-sockets/testing';
import { Browser } from '../../test/cluster/fixtures/browser.js';
import { FROM_SOURCE } from '../../test/support/from-source.js';
import { OwnRedis, redisServerInstalled } from '../../test/cluster/fixtures/own-redis.js';
import { testPrefix } from '../../test/cluster/fixtures/redis-env.js';

export { OwnRedis };

/** The board component's socket on every node (test/cluster/fixtures/board.component.ts). */
export const BOARD = '/board/1.0.0/board';

/** Whether the session fault scenarios can run: they need a redis-server of their own. */
export function canRunSessionFaults(): boolean {
  if (redisServerInstalled()) return true;
  const line = '!!! redis-server is not installed: the session fault scenarios are SKIPPED.';
  if (process.env.RAIN_REQUIRE_REDIS === '1') throw new Error(`${line} (RAIN_REQUIRE_REDIS=1)`);
  console.warn(`\n${line}\n`);
  return false;
}

/** Cluster nodes in processes of their own (the board component, sessions on), on `redis`. */
export function startBoardNodes(names: string[], redis: OwnRedis): Promise<NodeProcess[]> {
  const keyPrefix = testPrefix();
  return Promise.all(
    names.map((name) =>
      spawnNode(new URL('../../test/cluster/fixtures/node.entry.ts', import.meta.url), {
        ...FROM_SOURCE,
        env: { NODE_NAME: name, REDIS_URL: redis.url, KEY_PREFIX: keyPrefix, HEARTBEAT_INTERVAL: '1000' },
        // Three nodes compile their TypeScript at once on a shared machine.
        startTimeout: 90_000,
      }),
    ),
  );
}

/** One browser's session over HTTP, talking to any node process (test/cluster's Browser, by URL). */
export class HttpSession {
  private readonly browser = new Browser();

  get cookie(): string {
    return this.browser.cookie ?? '';
  }

  request(node: NodeProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    return this.browser.request(asApp(node), method, path, body);
  }

  /** The session's data as HTTP sees it on `node`. */
  async read(node: NodeProcess): Promise<Record<string, unknown>> {
    const { status, body } = await this.request(node, 'GET', '/session');
    if (status !== 200) throw new Error(`GET /session answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }
}

/** A node process as Browser takes an app: by its URL. */
const asApp = (node: NodeProcess) => ({ getUrl: async () => node.url }) as unknown as INestApplication;

/** The acknowledged keys that the stored session does not hold with the value written. */
export function lostWrites(acked: Map<string, unknown>, stored: Record<string, unknown>): string[] {
  return [...acked].filter(([key, value]) => stored[key] !== value).map(([key]) => key);
}
