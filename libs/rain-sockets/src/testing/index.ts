// rain-sockets/testing: helpers for e2e tests of component sockets.
export { connectComponent, connectSocket, closeComponentClients, cookieHeader, openComponentClients } from './connect-component.js';
export type { ComponentAddress, ConnectOptions } from './connect-component.js';
export type { ComponentClient, AnyEvents, UntypedEvents, RainServerEvents } from './component-client.js';
export { nextEvent, emitWithAck, noEvent } from './wait-for.js';
export { sessionCookie } from './session-cookie.js';
export { startApp, closeApps, type AppSource } from './test-apps.js';
export { startNodes, type TestNode, type TestNodes } from './start-nodes.js';
export { spawnNode, type NodeProcess, type SpawnNodeOptions } from './spawn-node.js';
export { testRedis, TEST_REDIS_URL } from './test-redis.js';
