/** Server → client: the whole state of a topic, once per socket and topic. */
export const PRESENCE_STATE_EVENT = 'presence_state';
/** Server → client: joins and leaves of a topic. */
export const PRESENCE_DIFF_EVENT = 'presence_diff';
/** Node → node, through the adapter's serverSideEmit: deltas, heartbeats, state transfers. */
export const PRESENCE_CLUSTER_EVENT = 'rain:presence';

export const DEFAULT_PRESENCE_HEARTBEAT = 1_000;
export const DEFAULT_PRESENCE_NODE_TIMEOUT = 3_000;
