// One load process: opens its share of the clients and drives them as the runner says.
import { nowUs } from '../lib/clock.mjs';
import { openSocketIo, openWs } from './clients.mjs';
import { runEcho } from './echo-loop.mjs';
import { listenForTicks } from './fanout-listener.mjs';

let clients = [];
let kind = 'sio';

const commands = {
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
          clients.push(await open({ ...options, localAddress: addresses[index % addresses.length] }));
        } catch (error) {
          failed++;
          firstError ??= error?.message ?? String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, lane));
    if (options.listenTicks) listenForTicks(clients, kind);
    return { connected: clients.length, failed, firstError, ms: (nowUs() - startedAt) / 1000 };
  },

  echo: (options) => runEcho(clients, { kind, ...options }),

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
