// Closed-loop echo: each client sends its next event as soon as the previous one is
// acknowledged, so the server always has one event per client to answer.
import { nowUs, sleep } from '../lib/clock.mjs';
import { Histogram } from '../lib/stats.mjs';

const DRAIN_MS = 5_000;

export async function runEcho(clients, { kind, event, payload, startAt, warmupMs, measureMs }) {
  const measureFrom = startAt + warmupMs * 1000;
  const measureTo = measureFrom + measureMs * 1000;
  const latency = new Histogram();
  let acks = 0;
  let errors = 0;
  let firstError;
  let stopped = 0;
  const answered = (sentAt, answer) => {
    const now = nowUs();
    if (now >= measureFrom && now < measureTo) {
      latency.record(now - sentAt);
      acks++;
    }
    if (answer && typeof answer === 'object' && answer.status === 'error') {
      errors++;
      firstError ??= answer;
    }
    return now < measureTo;
  };

  await sleep(Math.max(0, (startAt - nowUs()) / 1000));
  const done = new Promise((resolve) => {
    const stop = () => ++stopped === clients.length && resolve();
    for (const client of clients) {
      if (kind === 'ws') {
        const text = JSON.stringify(payload);
        let sentAt = nowUs();
        client.on('message', () => {
          if (answered(sentAt, undefined)) {
            sentAt = nowUs();
            client.send(text);
          } else stop();
        });
        client.send(text);
      } else {
        const send = () => {
          const sentAt = nowUs();
          client.emit(event, payload, (answer) => (answered(sentAt, answer) ? send() : stop()));
        };
        send();
      }
    }
  });
  const remainingMs = (measureTo - nowUs()) / 1000 + DRAIN_MS;
  await Promise.race([done, sleep(remainingMs)]);
  return { acks, errors, firstError, stalled: clients.length - stopped, latency: latency.toJSON() };
}
