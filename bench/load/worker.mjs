// One load process: opens its share of the clients and drives them as the runner says.
import { nowUs } from '../lib/clock.mjs';
import { openSocketIo, openWs } from './clients.mjs';
import { EchoLoop } from './echo-loop.mjs';
import { dropped, listenForTicks } from './fanout-listener.mjs';

let clients = [];
let kind = 'sio';
let loop;

const commands = {
  ping: () => ({}),

  async connect(options) {
    kind = options.kind;
    const open = kind === 'ws' ? openWs : openSocketIo;
    const addresses = options.localAddresses ?? [undefined];
    let next = 0;
    let failed = 0;
    let firstError;
    const startedAt = nowUs();
    const lane = async () => {
      while (next < options.count) {
        const index = next++;
        try {
          // `origins`: the client's server is picked in turn among several (the nodes of a cluster).
          const origin = options.origins ? options.origins[index % options.origins.length] : options.origin;
          clients.push(await open({ ...options, origin, localAddress: addresses[index % addresses.length] }));
        } catch (error) {
          failed++;
          firstError ??= error?.message ?? String(error);
        }
      }
    };
    const lanes = Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, lane));
    // Bounded: past `deadlineMs`, the lanes stop opening and what is open counts.
    if (options.deadlineMs) {
      const timer = setTimeout(() => {
        next = options.count;
        firstError ??= `stopped at the deadline of ${options.deadlineMs / 1000} s`;
      }, options.deadlineMs);
      await lanes;
      clearTimeout(timer);
    } else await lanes;
    if (options.listenTicks) listenForTicks(clients, kind);
    return { connected: clients.length, failed, firstError, ms: (nowUs() - startedAt) / 1000 };
  },

  'echo-start'(options) {
    loop = new EchoLoop(clients, { kind, event: options.event, payload: options.payload });
    loop.start();
    return {};
  },
  'echo-sample': () => loop.sample(),
  /** Clients that listened for broadcasts and dropped since. */
  dropped: () => ({ dropped: dropped() }),
  'echo-mark': () => loop.mark(),
  'echo-stop': () => loop.stop(),

  async close() {
    for (const client of clients) kind === 'ws' ? client.terminate() : client.disconnect();
    clients = [];
    return {};
  },
};

process.on('disconnect', () => process.exit(0));

process.on('message', async (message) => {
  try {
    process.send({ re: message.id, ...(await commands[message.cmd](message)) });
  } catch (error) {
    process.send({ re: message.id, error: error?.stack ?? String(error) });
  }
  if (message.cmd === 'close') process.disconnect();
});
