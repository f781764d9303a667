// Records when each broadcast reaches this worker's last connected client: the runner takes the
// latest over all workers as the time until the whole room has it. A client that dropped (e.g. its
// heartbeat timed out on an overloaded machine) no longer counts; `dropped()` says how many did.
import { nowUs } from '../lib/clock.mjs';

let droppedClients = 0;

export function dropped() {
  return droppedClients;
}

export function listenForTicks(clients, kind) {
  const seen = new Map();
  let live = clients.length;
  const onTick = (tick) => {
    const latency = nowUs() - tick.t;
    const entry = seen.get(tick.id) ?? { count: 0, maxUs: 0 };
    entry.count++;
    entry.maxUs = Math.max(entry.maxUs, latency);
    if (entry.count < live) return seen.set(tick.id, entry);
    seen.delete(tick.id);
    process.send({ type: 'tick', id: tick.id, maxUs: entry.maxUs });
  };
  for (const client of clients) {
    if (kind === 'ws') {
      client.on('message', (data) => onTick(JSON.parse(data)));
      client.on('close', () => (live--, droppedClients++));
    } else {
      client.on('tick', onTick);
      client.on('disconnect', () => (live--, droppedClients++));
    }
  }
}
