// Every text of the gateway compatibility a user can read.

const quote = (value: string) => JSON.stringify(value);

export const gatewayPathAdapterConflictMessage = (gateway: string, path: string, adapter: string) =>
  `RainSocketsModule: the @WebSocketGateway ${gateway} and the component sockets both serve socket.io on path ` +
  `${quote(path)} of the app's HTTP server, but app.useWebSocketAdapter() gave Nest's gateways their own adapter ` +
  `(${adapter}), so they cannot share one socket.io server, and two on one path crash the process at the first ` +
  'websocket connection. Fix one of: give the gateway its own path, ' +
  `@WebSocketGateway({ path: '/gateway' }), and io(url, { path: '/gateway' }) in its clients; or give the component ` +
  `sockets theirs, RainSocketsModule.forRoot({ path: '/rain' }), and createRainClient({ path: '/rain' }) in their ` +
  `clients; or, if ${adapter} is Nest's plain IoAdapter, remove app.useWebSocketAdapter() and both share ${quote(path)}.`;

export const gatewayServerOptionsMessage = (gateway: string, path: string, options: string[]) =>
  `RainSocketsModule: the @WebSocketGateway ${gateway} sets socket.io server options (${options.join(', ')}) on path ` +
  `${quote(path)}, which it shares with the component sockets: one socket.io server serves both there, configured ` +
  `by RainSocketsModule, so they would be ignored. Move them to RainSocketsModule.forRoot({ socketIo: { ${options.join(', ')} } }) ` +
  `(cross-origin browsers also need allowedOrigins), where they apply to both; or give the gateway a path of its own: ` +
  `@WebSocketGateway({ path: '/gateway', ... }).`;

export const gatewayNamespaceMessage = (gateway: string, namespace: string, socket: string) =>
  `RainSocketsModule: namespace ${quote(namespace)} is claimed by both the @WebSocketGateway ${gateway} and the ` +
  `component socket ${socket}; give the gateway another namespace.`;

export const gatewayAndComponentSocketMessage = (provider: string) =>
  `RainSocketsModule: ${provider} is both a @WebSocketGateway and a @ComponentSocket, so Nest would serve it as a ` +
  'gateway too. Remove @WebSocketGateway(): a component socket takes the gateway hooks (afterInit, handleConnection, ' +
  'handleDisconnect, @WebSocketServer()) as they are.';

export const twoHooksMessage = (provider: string, rain: string, gateway: string) =>
  `RainSocketsModule: ${provider} defines both ${rain}() and ${gateway}(), which are one hook on a component socket ` +
  `(${gateway} is the gateway name of ${rain}). Keep one of them.`;

export const afterInitFailedMessage = (provider: string) => `RainSocketsModule: ${provider}.afterInit() failed`;

export const gatewaySharesPathMessage = (gateway: string, path: string) =>
  `Gateway ${gateway} is served by the component sockets' socket.io server on ${quote(path)}`;
