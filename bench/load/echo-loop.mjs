// Closed-loop echo: each client sends its next event as soon as the previous one is
// acknowledged, so the server always has one event per client to answer. It runs until
// stopped; the runner samples the count of acks to see when the server's JIT has settled, and
// marks the start of the measured window (latencies are recorded from the mark on).
import { nowUs, sleep } from '../lib/clock.mjs';
import { Histogram } from '../lib/stats.mjs';

const DRAIN_MS = 5_000;

export class EchoLoop {
  constructor(clients, { kind, event, payload }) {
    this.clients = clients;
    this.kind = kind;
    this.event = event;
    this.payload = payload;
    this.running = false;
    this.acks = 0;
    this.errors = 0;
    this.firstError = undefined;
    this.latency = new Histogram();
    this.recording = false;
    this.inFlight = 0;
  }

  start() {
    this.running = true;
    for (const client of this.clients) this.kind === 'ws' ? this.runWs(client) : this.runSocketIo(client);
  }

  answered(sentAt, answer) {
    this.inFlight--;
    this.acks++;
    if (this.recording) this.latency.record(nowUs() - sentAt);
    if (answer && typeof answer === 'object' && answer.status === 'error') {
      this.errors++;
      this.firstError ??= answer;
    }
    return this.running;
  }

  runSocketIo(client) {
    const send = () => {
      const sentAt = nowUs();
      this.inFlight++;
      client.emit(this.event, this.payload, (answer) => this.answered(sentAt, answer) && send());
    };
    send();
  }

  runWs(client) {
    const text = JSON.stringify(this.payload);
    let sentAt = nowUs();
    client.on('message', () => {
      if (!this.answered(sentAt, undefined)) return;
      sentAt = nowUs();
      this.inFlight++;
      client.send(text);
    });
    this.inFlight++;
    client.send(text);
  }

  sample() {
    return { acks: this.acks, errors: this.errors, firstError: this.firstError };
  }

  /** The measured window starts: latencies from here on. */
  mark() {
    this.latency = new Histogram();
    this.recording = true;
    return this.sample();
  }

  /** Stops sending; resolves when every client's last event was answered (or after DRAIN_MS). */
  async stop() {
    this.running = false;
    this.recording = false;
    const until = Date.now() + DRAIN_MS;
    while (this.inFlight > 0 && Date.now() < until) await sleep(10);
    return { ...this.sample(), stalled: this.inFlight, latency: this.latency.toJSON() };
  }
}
