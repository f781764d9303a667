/**
 * Helpers for e2e tests of component sockets: a real app on a free port, real socket.io
 * clients, session values set before connecting, several nodes on one Redis, a node in a
 * process of its own, and clean-up in one `afterEach(closeApps)`.
 *
 * @module rain-sockets/testing
 */
export { connectComponent, connectSocket, closeComponentClients, cookieHeader, openComponentClients } from './connect-component.js';
export type { ComponentAddress, ConnectOptions } from './connect-component.js';
export type { ComponentClient, AnyEvents, UntypedEvents, RainServerEvents } from './component-client.js';
export { nextEvent, emitWithAck, noEvent } from './wait-for.js';
export { sessionCookie } from './session-cookie.js';
export { startApp, closeApps, type AppSource } from './test-apps.js';
export { startNodes, type TestNode, type TestNodes } from './start-nodes.js';
export { spawnNode, type NodeProcess, type SpawnNodeOptions } from './spawn-node.js';
export { testRedis, TEST_REDIS_URL } from './test-redis.js';
