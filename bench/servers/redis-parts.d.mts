import type { Store } from 'express-session';
export declare function redisSessionStore(): Promise<{ store: Store; close: () => Promise<unknown> }>;
export declare function redisAdapter(): Promise<{ adapter: any; close: () => Promise<unknown> }>;
