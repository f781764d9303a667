/** Injection token of the resolved `cluster` option (undefined on one node). */
export const CLUSTER_SETTINGS = Symbol('rain-sockets:cluster-settings');
/** This process's id in the cluster: `host:pid:random`. */
export const CLUSTER_NODE_ID = Symbol('rain-sockets:cluster-node-id');
