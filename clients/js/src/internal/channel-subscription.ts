import type { RedcastError } from "../errors.js";
import type {
  Subscription,
  SubscriptionEvents,
  SubscriptionListener,
  SubscriptionState,
} from "../subscription.js";
import type { Message, StreamPosition, Subscribed } from "../types.js";
import { Emitter } from "./emitter.js";
import { position } from "./frames.js";

/** Live messages held while a subscribe reply is awaited; past this, recovery fails. */
export const MAX_HELD = 10_000;

/** The map key of a subscription: a channel and a pattern of the same name are different. */
export function subscriptionKey(channel: string, pattern: boolean): string {
  return (pattern ? "p:" : "c:") + channel;
}

/**
 * One subscription the application wants, and how far its listeners have got: the position of
 * the last delivered message (for `since` and for dropping duplicates) and the live messages held
 * back while a subscribe reply is awaited. The client core owns and changes all of this; the
 * application sees it through the {@link Subscription} interface.
 */
export class ChannelSubscription implements Subscription {
  readonly key: string;
  readonly ready: Promise<Subscribed>;
  readonly events: Emitter<SubscriptionEvents>;

  status: SubscriptionState = "subscribing";
  /** Position of the last delivered message; always undefined for patterns. */
  last: StreamPosition | undefined;
  /** The `since` of the subscribe in flight, undefined when it asked for none. */
  requestedSince: StreamPosition | undefined;
  /** Whether the server confirmed it once (history is asked for only the first time). */
  confirmed = false;
  /** Whether a subscribe command for it waits for its reply. */
  inFlight = false;
  /** Live messages that arrived while {@link inFlight}, delivered after the reply. */
  readonly held: Message[] = [];
  /** Whether {@link held} reached {@link MAX_HELD} and dropped messages. */
  overflowed = false;

  private settleReady: { resolve(s: Subscribed): void; reject(e: RedcastError): void } | undefined;

  constructor(
    readonly channel: string,
    readonly pattern: boolean,
    readonly history: number,
    readonly persist: boolean,
    since: StreamPosition | undefined,
    listener: SubscriptionListener | undefined,
    onListenerError: (error: unknown, event: keyof SubscriptionEvents) => void,
    private readonly onUnsubscribe: (sub: ChannelSubscription) => Promise<void>,
  ) {
    this.key = subscriptionKey(channel, pattern);
    this.last = pattern ? undefined : since;
    this.events = new Emitter<SubscriptionEvents>(onListenerError);
    this.ready = new Promise<Subscribed>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // Awaiting `ready` is optional; without this an ignored refusal would be an unhandled rejection.
    this.ready.catch(() => {});
    if (typeof listener === "function") {
      this.events.on("message", listener);
    } else if (listener) {
      for (const event of Object.keys(listener) as (keyof SubscriptionEvents)[]) {
        const l = listener[event] as
          ((value: SubscriptionEvents[keyof SubscriptionEvents]) => void) | undefined;
        if (l) {
          this.events.on(event, l);
        }
      }
    }
  }

  get state(): SubscriptionState {
    return this.status;
  }

  get position(): StreamPosition | undefined {
    return this.last;
  }

  get active(): boolean {
    return this.status !== "unsubscribed";
  }

  on<K extends keyof SubscriptionEvents>(
    event: K,
    listener: (value: SubscriptionEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  off<K extends keyof SubscriptionEvents>(
    event: K,
    listener: (value: SubscriptionEvents[K]) => void,
  ): void {
    this.events.off(event, listener);
  }

  unsubscribe(): Promise<void> {
    return this.onUnsubscribe(this);
  }

  /** Whether `ready` still waits for the first reply. */
  get awaitingFirstReply(): boolean {
    return this.settleReady !== undefined;
  }

  resolveReady(reply: Subscribed): void {
    this.settleReady?.resolve(reply);
    this.settleReady = undefined;
  }

  rejectReady(error: RedcastError): void {
    this.settleReady?.reject(error);
    this.settleReady = undefined;
  }

  /** Holds a live message back until the subscribe reply has been handled. */
  hold(m: Message): void {
    if (this.held.length < MAX_HELD) {
      this.held.push(m);
    } else {
      this.overflowed = true;
    }
  }

  /** Forgets held messages: a new subscribe goes out, or the subscription ends. */
  resetHeld(): void {
    this.held.length = 0;
    this.overflowed = false;
  }

  /** Whether `m` is new to this subscription; records its position when it is. */
  accept(m: Message): boolean {
    const p = position(m);
    if (this.pattern || !p) {
      return true;
    }
    if (this.last && this.last.epoch === p.epoch && p.offset <= this.last.offset) {
      return false;
    }
    this.last = p;
    return true;
  }

  /** Moves the position forward to `p` (the channel's head) if it is ahead. */
  advanceTo(p: StreamPosition | undefined): void {
    if (this.pattern || !p) {
      return;
    }
    if (!this.last || this.last.epoch !== p.epoch || p.offset > this.last.offset) {
      this.last = p;
    }
  }
}
