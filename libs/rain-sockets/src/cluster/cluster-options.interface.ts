/**
 * Several nodes behind one Redis: socket.io's Redis adapter for emits and member lists,
 * a Redis session store that merges concurrent writes, and a shared connection count. Without it everything stays
 * in this process.
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
  /** Put before every Redis key and channel we use (sessions, stream, channels, node records). Default `rain:`. */
  keyPrefix?: string;
  /** Longest wait for a session load/save, a member list or the connection count before it fails (ms). Default 2000. */
  commandTimeout?: number;
  /** How often a node renews its record (and connection count); a node silent for 3 intervals is gone (ms). Default 5000. */
  heartbeatInterval?: number;
  /**
   * socket.io connection state recovery (streams adapter only): a client back within
   * `maxDisconnectionDuration` ms, on any node, keeps its id, rooms and `socket.data` and gets
   * the broadcasts it missed. `false`: off. Default `{ maxDisconnectionDuration: 120000 }` with streams.
   */
  recovery?: { maxDisconnectionDuration: number } | false;
  /** What `idle.maxConnections` limits: this node's sockets (`node`, default) or the whole cluster's (`cluster`). */
  idleLimit?: 'node' | 'cluster';
}
