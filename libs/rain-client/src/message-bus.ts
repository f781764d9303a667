import { subscriberFailedMessage } from './rain-client.messages.js';

export type Subscriber<T = any> = (data: T) => void;

/** The app-wide publish/subscribe bus that every component context shares. */
export interface MessageBus {
  /** Calls `fn` with the data of every later `publish(event)`; returns the unsubscribe. */
  subscribe<T = any>(event: string, fn: Subscriber<T>): () => void;
  /** Calls every subscriber of `event` now, in subscription order. */
  publish<T = any>(event: string, data?: T): void;
}

export class LocalMessageBus implements MessageBus {
  private readonly subscribers = new Map<string, Set<Subscriber>>();

  constructor(private readonly onError: (error: unknown, message: string) => void) {}

  subscribe<T = any>(event: string, fn: Subscriber<T>): () => void {
    let set = this.subscribers.get(event);
    if (!set) this.subscribers.set(event, (set = new Set()));
    // Wrapped, so that subscribing one function twice gives two independent subscriptions.
    const entry: Subscriber = (data) => fn(data);
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.subscribers.get(event) === set) this.subscribers.delete(event);
    };
  }

  publish<T = any>(event: string, data?: T): void {
    const set = this.subscribers.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(data);
      } catch (error) {
        // One failing subscriber must not keep the others from hearing the event.
        this.onError(error, subscriberFailedMessage(event));
      }
    }
  }
}
