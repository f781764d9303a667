// Every text of the cluster feature a user can read.

export const redisUnavailableMessage = (url: string, ms: number, cause: string) =>
  `RainSocketsModule: Redis at ${url} did not answer within ${ms} ms (${cause}). ` +
  'Start Redis, fix cluster.redis.url, or raise cluster.redis.connectTimeout.';

export const redisLostMessage = (url: string, cause: string) =>
  `Redis at ${url} is unreachable (${cause}). This node keeps serving its own sockets; ` +
  'broadcasts are held for the other nodes, sessions fail with session_store_unavailable. Reconnecting.';

export const redisBackMessage = (url: string, ms: number) =>
  `Redis at ${url} is back after ${ms} ms; cluster delivery resumed.`;

export const heldBroadcastsDroppedMessage = (max: number) =>
  `More than ${max} broadcasts are waiting for Redis: new ones reach this node's sockets only until it is back.`;

export const broadcastLostMessage = (cause: string) =>
  `A broadcast could not be handed to Redis and reached this node's sockets only: ${cause}`;

export const clusterUnavailableMessage = () =>
  'Redis is unreachable: cluster-wide member lists and requests cannot be answered now. Try again.';

export const clusterRequestTimeoutMessage = (ms: number) =>
  `Redis did not answer within ${ms} ms (option cluster.commandTimeout).`;

export const redisTimeoutMessage = (command: string, ms: number) =>
  `Redis ${command} did not answer within ${ms} ms (option cluster.commandTimeout).`;

export const freshnessLocalMessage = () =>
  'RainSocketsModule: session.freshness "local" reloads a session only when this node changed it; ' +
  'with cluster, other nodes change it too. Remove session.freshness (the default keeps sessions current across nodes).';

export const adapterConflictMessage = () =>
  'RainSocketsModule: socketIo.adapter and cluster both choose the socket.io adapter; keep one of them.';

export const recoveryConflictMessage = () =>
  'RainSocketsModule: with cluster, set connection state recovery with cluster.recovery, not socketIo.connectionStateRecovery.';

export const recoveryNeedsStreamsMessage = () =>
  'RainSocketsModule: cluster.recovery needs adapter "streams": the PUB/SUB adapter keeps no history to recover from.';

export const counterFailedMessage = (cause: string) =>
  `The cluster connection count could not be read; using the last known count: ${cause}`;

export const leaveFailedMessage = (cause: string) =>
  `This node's record could not be removed from Redis at shutdown; it expires by itself: ${cause}`;

export const recoveryGapMessage = (namespace: string) =>
  `A socket recovering on ${namespace} took longer to be admitted than this node keeps recent broadcasts; ` +
  'its connection is closed so that it recovers again from the last one it got.';

export const broadcastFailedMessage = (cause: string) => `A broadcast could not be delivered to this node's sockets: ${cause}`;

export const limitsDegradedMessage = (what: string, cause: string) =>
  `Cluster-wide ${what} cannot reach Redis (${cause}): each node holds them on its own sockets until it is back.`;

export const limitsRestoredMessage = (what: string) => `Cluster-wide ${what} hold across the nodes again.`;
