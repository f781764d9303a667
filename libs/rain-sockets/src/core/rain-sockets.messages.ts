// Every text a user can read from this library, in one place (as @nestjs/schedule does).

export const invalidOptionMessage = (option: string, expected: string, got: unknown) =>
  `RainSocketsModule: option "${option}" must be ${expected}; got ${describe(got)}.`;

export const duplicateNamespaceMessage = (namespace: string, first: string, second: string) =>
  `RainSocketsModule: namespace "${namespace}" is claimed by both ${first} and ${second}; ` +
  'give one of them another channel, component id or version.';

export const missingComponentMessage = (provider: string, module: string) =>
  `RainSocketsModule: ${provider} is a @ComponentSocket in module ${module}, which is not a component: ` +
  `decorate ${module} with @RainComponent({ id, version }) or pass { component, version } to @ComponentSocket.`;

export const invalidComponentMessage = (owner: string, field: string, value: unknown) =>
  `RainSocketsModule: ${owner} declares an invalid component ${field} ${describe(value)}: ` +
  'use letters, digits, ".", "_" or "-", without "/".';

export const noHttpServerMessage = () =>
  'RainSocketsModule needs an HTTP server to attach to: create the app with NestFactory.create() ' +
  '(an application context has none).';

export const requestScopedSocketMessage = (provider: string) =>
  `RainSocketsModule: ${provider} is request-scoped or transient; component sockets live as long as ` +
  'the connection pool, so they must be singletons. It is not served.';

export const unknownComponentServerMessage = (namespace: string, known: string[]) =>
  `No component socket serves "${namespace}". Served: ${known.length ? known.join(', ') : 'none'}.`;

export const serverNotStartedMessage = () =>
  'RainSockets is not started yet: component servers exist from onApplicationBootstrap on.';

export const unknownEventMessage = (event: string) => `No handler for event "${event}".`;

export const handlerFailedMessage = (owner: string, method: string) =>
  `${owner}.${method} failed`;

export const connectionRefusedMessage = () => 'Connection refused by a guard.';

export const internalErrorMessage = () => 'Internal server error';

export const handlerTimeoutMessage = (owner: string, method: string, ms: number) =>
  `${owner}.${method} did not finish within ${ms} ms (option handlerTimeout).`;

export const serverShuttingDownMessage = () => 'The server is shutting down; connect to another node.';

export const shutdownLeftHandlersMessage = (count: number, ms: number) =>
  `Shut down with ${count} handler(s) still running after ${ms} ms (option shutdownTimeout).`;

export const clientBundleMissingMessage = (file: string) =>
  `rain-client's browser bundle was not found (looked for ${file}): install rain-client next to rain-sockets ` +
  `(npm install rain-client), or, in the rain-sockets repository, build it with "npm run build --workspace rain-client".`;

export const clientBundleOffMessage = () => 'Serving rain-client at /rain/client.js is turned off (option clientBundle: false).';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value === null || value === undefined) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export const missingPeerMessage = (packageName: string, neededFor: string) =>
  `RainSocketsModule: ${neededFor} needs the package "${packageName}", which is not installed. ` +
  `Install it next to rain-sockets: npm install ${packageName}`;
