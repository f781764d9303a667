// What is compared: our stack and the three baselines of the issue.
export const STACKS = {
  ours: { id: 'ours', label: 'rain-sockets', file: 'servers/ours.server.ts', client: 'sio' },
  socketio: { id: 'socketio', label: 'raw socket.io', file: 'servers/socketio.server.mjs', client: 'sio' },
  gateway: { id: 'gateway', label: 'Nest gateway', file: 'servers/gateway.server.ts', client: 'sio' },
  ws: { id: 'ws', label: 'raw ws', file: 'servers/ws.server.mjs', client: 'ws' },
};

/** The table's columns, in order; `socketio` is what ratios and targets are held against. */
export const COLUMNS = ['ours', 'socketio', 'gateway', 'ws'];
export const REFERENCE = 'socketio';
