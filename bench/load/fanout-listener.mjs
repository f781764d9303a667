// Records when each broadcast reaches this worker's last client: the runner takes the
// latest over all workers as the time until the whole room has it.
import { nowUs } from '../lib/clock.mjs';

export function listenForTicks(clients, kind) {
  const seen = new Map();
  const onTick = (tick) => {
    const latency = nowUs() - tick.t;
    const entry = seen.get(tick.id) ?? { count: 0, maxUs: 0 };
    entry.count++;
    entry.maxUs = Math.max(entry.maxUs, latency);
    if (entry.count < clients.length) return seen.set(tick.id, entry);
    seen.delete(tick.id);
    process.send({ type: 'tick', id: tick.id, maxUs: entry.maxUs });
  };
  for (const client of clients) {
    if (kind === 'ws') client.on('message', (data) => onTick(JSON.parse(data)));
    else client.on('tick', onTick);
  }
}
