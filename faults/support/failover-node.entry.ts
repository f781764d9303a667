import { createNode } from '../../test/cluster/fixtures/cluster-node.js';

/**
 * A node of the failover scenarios, in a process of its own (spawnNode), configured by its
 * environment: the cluster test's board component, sessions, the cluster's defaults
 * (streams adapter, recovery), SIGTERM draining it as an orchestrator would, loopback only.
 */
export default async () => {
  const app = await createNode({
    name: process.env.NODE_NAME!,
    redisUrl: process.env.REDIS_URL!,
    keyPrefix: process.env.KEY_PREFIX!,
    cluster: { heartbeatInterval: 500 },
    // The senders' pace is the scenario's: no rate limit in the way.
    rain: { rateLimit: false },
  });
  // SIGTERM: app.close(), which drains the node (server_shutdown, running handlers finish), then exits.
  app.enableShutdownHooks(['SIGTERM']);
  // spawnNode listens on port 0 of every interface; the scenarios stay on loopback.
  const listen = app.listen.bind(app);
  app.listen = ((port: number) => listen(port, '127.0.0.1')) as typeof app.listen;
  return app;
};
