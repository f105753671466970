import type { RedcastError } from "./errors.js";
import type {
  Message,
  PresenceEvent,
  Recovered,
  RecoveryFailed,
  StreamPosition,
  Subscribed,
} from "./types.js";

/** How to subscribe. */
export interface SubscribeOptions {
  /** The channel is a Redis glob pattern such as `news.*`; messages then carry `pattern`. */
  readonly pattern?: boolean;
  /**
   * Also deliver the last `history` messages when the channel keeps history. Only on the first
   * subscribe: reconnects recover from the last offset seen instead.
   */
  readonly history?: number;
  /**
   * Recover from this position on the first subscribe too (for example one the application
   * stored): everything after it is delivered first, or `recoveryFailed` fires. Not for patterns.
   */
  readonly since?: StreamPosition;
  /** Ask the server to remember the subscription for this user across connections. */
  readonly persist?: boolean;
}

/** What a subscription reports; listen with {@link Subscription.on}. */
export interface SubscriptionEvents {
  /** A message, live or recovered; never one this subscription already delivered. */
  message: Message;
  /** A user's first connection entered the channel (channels with presence). */
  join: PresenceEvent;
  /** A user's last connection left the channel. */
  leave: PresenceEvent;
  /** The server confirmed the subscription: the first time and after every reconnect. */
  subscribed: Subscribed;
  /** After a reconnect, the missed messages were replayed (and delivered just before). */
  recovered: Recovered;
  /** Messages were lost and cannot be replayed: reload your state, e.g. with `history`. */
  recoveryFailed: RecoveryFailed;
  /** The server refused the subscription (at first or on a resubscribe); it has ended. */
  error: RedcastError;
}

/** Listeners to pass to `subscribe`: a message listener, or one per event. */
export type SubscriptionListener =
  | ((message: Message) => void)
  | { readonly [K in keyof SubscriptionEvents]?: (value: SubscriptionEvents[K]) => void };

/** `subscribing` until the server confirms, `unsubscribed` once it has ended for good. */
export type SubscriptionState = "subscribing" | "subscribed" | "unsubscribed";

/**
 * One channel (or pattern) subscription, from `RedcastClient.subscribe` until
 * {@link unsubscribe}. It survives reconnects: after each one it is sent again, with `since` set
 * to the last message delivered so the server replays what was missed.
 */
export interface Subscription {
  /** The channel, or the pattern. */
  readonly channel: string;
  readonly pattern: boolean;
  readonly state: SubscriptionState;
  /** The position of the last message delivered; undefined before any, and for patterns. */
  readonly position: StreamPosition | undefined;
  /**
   * Settles with the server's first `subscribed` reply, after any history in it reached the
   * `message` listeners; rejects with the server's error (the subscription has then ended), or
   * `cancelled`/`closed`. Awaiting it is optional: an unobserved rejection is not reported as
   * unhandled.
   */
  readonly ready: Promise<Subscribed>;
  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof SubscriptionEvents>(
    event: K,
    listener: (value: SubscriptionEvents[K]) => void,
  ): () => void;
  off<K extends keyof SubscriptionEvents>(
    event: K,
    listener: (value: SubscriptionEvents[K]) => void,
  ): void;
  /**
   * Ends the subscription: its listeners get nothing more from this moment on. Resolves when the
   * server confirmed (at once when not connected); safe to call twice.
   */
  unsubscribe(): Promise<void>;
}
