// Baseline (a): raw socket.io with the same handlers, guard and interceptor written by hand.
import { createServer } from 'node:http';
import express from 'express';
import session from 'express-session';
import { Server } from 'socket.io';
import { BENCH_TOKEN, ECHO_NAMESPACE, FANOUT_NAMESPACE, LOGIN_PATH, ROOM } from './contract.mjs';
import { SESSION_SECRET, reportReady, serverEnv } from './harness.mjs';
import { redisCluster, redisSessionStore } from './redis-parts.mjs';

const closers = [];
const app = express();
const http = createServer(app);
const cluster = serverEnv.cluster ? await redisCluster() : undefined;
if (cluster) closers.push(cluster.close);
const io = new Server(http, cluster?.options ?? {});

let sessions;
if (serverEnv.session) {
  const redis = serverEnv.session === 'redis' ? await redisSessionStore() : undefined;
  if (redis) closers.push(redis.close);
  sessions = session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store: redis?.store });
  app.use(sessions);
  // socket.io's documented way to share express-session: https://socket.io/how-to/use-with-express-session
  io.engine.use(sessions);
}
app.get(LOGIN_PATH, (req, res) => {
  if (req.session) req.session.user = 'bench';
  res.json({ session: Boolean(req.session) });
});

// The guard and the interceptor of the Nest stacks, by hand.
let handled = 0; // what CountingInterceptor counts
const guarded = (socket, handler) => (data, ack) => {
  if (socket.handshake.auth?.token !== BENCH_TOKEN) {
    if (typeof ack === 'function') ack({ status: 'error', code: 'forbidden' });
    return;
  }
  handled++;
  handler(data, ack);
};

io.of(ECHO_NAMESPACE).on('connection', (socket) => {
  socket.on('echo', guarded(socket, (data, ack) => ack(data)));
  // As the recipe above: reload before the event (HTTP or another socket may have written), save after.
  socket.on(
    'echo-session',
    guarded(socket, (data, ack) => {
      const current = socket.request.session;
      if (!current) return ack({ status: 'error', code: 'no_session' });
      current.reload((error) => {
        if (error) return ack({ status: 'error', code: 'session_expired' });
        const fresh = socket.request.session;
        fresh.count = (fresh.count ?? 0) + 1;
        fresh.last = data;
        fresh.save((saveError) => ack(saveError ? { status: 'error', code: 'session_store_unavailable' } : data));
      });
    }),
  );
});

io.of(FANOUT_NAMESPACE).on('connection', (socket) => {
  socket.join(ROOM);
  socket.on('fire', guarded(socket, (data) => socket.to(ROOM).emit('tick', data)));
});

http.listen(serverEnv.port, '127.0.0.1', () => {
  reportReady({
    port: http.address().port,
    close: async () => {
      io.close();
      await Promise.allSettled(closers.map((close) => close()));
    },
  });
});
