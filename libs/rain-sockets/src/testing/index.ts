// rain-sockets/testing: helpers for e2e tests of component sockets.
export { connectComponent, connectSocket, closeComponentClients, cookieHeader } from './connect-component.js';
export type { ComponentAddress, ConnectOptions } from './connect-component.js';
export { nextEvent, emitWithAck, noEvent } from './wait-for.js';
