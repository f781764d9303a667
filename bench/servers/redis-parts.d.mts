import type { Store } from 'express-session';
export declare function redisSessionStore(): Promise<{ store: Store; close: () => Promise<unknown> }>;
export declare function redisCluster(): Promise<{ options: Record<string, unknown>; close: () => Promise<unknown> }>;
