/**
 * Several nodes behind one Redis: socket.io's Redis adapter for emits and member lists, with
 * connection state recovery; a Redis session store that merges concurrent writes; connection
 * caps, the per-user rate limit and the connection count shared by the nodes. Without it
 * everything stays in this process.
 */
export interface RainClusterOptions {
  redis: {
    /** `redis://[:password@]host:port[/db]` (or `rediss://`). */
    url: string;
    /** How long start-up waits for Redis before it fails (ms); also each later connection attempt. Default 5000. */
    connectTimeout?: number;
  };
  /**
   * `streams` (default): @socket.io/redis-streams-adapter: broadcasts go through a Redis stream,
   * so a node that lost Redis for a while reads what it missed, and connection state recovery works.
   * `pubsub`: @socket.io/redis-adapter: plain PUB/SUB, at most once, no recovery.
   */
  adapter?: 'streams' | 'pubsub';
  /** Put before every Redis key and channel we use (sessions, stream, channels, recovery records, limits, node records). Default `rain:`. */
  keyPrefix?: string;
  /**
   * Longest wait for a session load/save, a member list, the connection count or a cluster-wide
   * limit before it fails, and for each connection to flush at a drain (ms). Default 2000.
   */
  commandTimeout?: number;
  /** How often a node renews its record (and connection count); a node silent for 3 intervals is gone (ms). Default 5000. */
  heartbeatInterval?: number;
  /**
   * socket.io connection state recovery (streams adapter only): a client back within
   * `maxDisconnectionDuration` ms, on any node, keeps its id, rooms and `socket.data` and gets
   * the broadcasts it missed, also when its node was killed or drained (each node keeps its live
   * sockets' recovery records in Redis). `false`: off. Default `{ maxDisconnectionDuration: 120000 }` with streams.
   */
  recovery?: { maxDisconnectionDuration: number } | false;
  /** What `idle.maxConnections` limits: this node's sockets (`node`, default) or the whole cluster's (`cluster`). */
  idleLimit?: 'node' | 'cluster';
}
