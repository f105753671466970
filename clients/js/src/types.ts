import type { RedcastError } from "./errors.js";

/**
 * Where the client's connection is. The usual life: `disconnected` → `connecting` → `connected`
 * → (`disconnected` → `connecting` → `connected`)* → `closed`. While `disconnected` after a lost
 * connection the client waits for its next attempt; `closed` is final.
 */
export type ConnectionState = "disconnected" | "connecting" | "connected" | "closed";

/** One change of {@link ConnectionState}, as the client's `state` event reports it. */
export interface StateChange {
  readonly state: ConnectionState;
  readonly previous: ConnectionState;
  /** 0 for the first connection, then the number of the reconnect attempt. */
  readonly attempt: number;
  /** `connecting`: the server URL being tried (without the token). */
  readonly url?: string;
  /** `disconnected` after a lost connection: milliseconds until the next attempt. */
  readonly delayMs?: number;
  /** `disconnected`, `closed`: the WebSocket close code (1006 when the connection just broke). */
  readonly closeCode?: number;
  /** `disconnected`, `closed`: why. */
  readonly reason?: string;
  /** `connected`: the server's welcome. */
  readonly welcome?: Welcome;
  /** `closed` for any reason but `close()`: what ended the client. */
  readonly error?: RedcastError;
}

/** A position in a channel's history. Offsets of different epochs are unrelated. */
export interface StreamPosition {
  readonly offset: number;
  readonly epoch: string;
}

/** The server's first frame on a connection. */
export interface Welcome {
  /** The connection's id on the server. */
  readonly client: string;
  /** The user name the server assigned. */
  readonly user: string;
  /** The server node that accepted the connection. */
  readonly node: string;
  readonly version: string;
  /** How long the server may stay silent before the client pings it; 0 when it did not say. */
  readonly pingIntervalMs: number;
  /** Channels the server subscribed this connection to by itself (defaults, remembered ones). */
  readonly subscriptions: readonly string[];
}

/**
 * A message on a channel. Exactly one of `payload` and `binaryPayload` is set: the server sends
 * bytes that are valid UTF-8 as `payload` and others base64-encoded, which arrive decoded here.
 */
export interface Message {
  /** The channel it was published on. */
  readonly channel: string;
  /** The payload text, exactly as published. */
  readonly payload?: string;
  /** The payload bytes when they are not UTF-8 text. */
  readonly binaryPayload?: Uint8Array;
  /** When the server received it (ISO-8601), when the frame said. */
  readonly timestamp?: string;
  /** Its offset when the channel keeps history. */
  readonly offset?: number;
  /** The history epoch of `offset`. */
  readonly epoch?: string;
  /** The publishing user, when a user of the server published it (set by the server). */
  readonly from?: string;
  /** The pattern it matched, when delivered through a pattern subscription. */
  readonly pattern?: string;
}

/** The reply to `publish`: `offset`/`epoch` are set when the channel keeps history. */
export interface PublishResult {
  readonly offset?: number;
  readonly epoch?: string;
  /**
   * True when the server answered a retry: a publish with the same idempotency key was delivered
   * before, and this one was not delivered or stored again.
   */
  readonly replayed?: boolean;
}

/** The reply to `history`: messages oldest first, and the channel's current position. */
export interface HistoryPage {
  readonly channel: string;
  readonly messages: readonly Message[];
  readonly offset?: number;
  readonly epoch?: string;
}

/** One user in a channel, as the `presence` reply lists them. */
export interface PresenceUser {
  readonly user: string;
  /** How many connections of this user are in the channel, when the server said. */
  readonly connections?: number;
  /** The user's public information from their token, when there is any. */
  readonly info?: unknown;
}

/** The reply to `presence`. */
export interface Presence {
  readonly channel: string;
  readonly users: readonly PresenceUser[];
}

/** One entry of the server's channel registry. */
export interface ChannelInfo {
  readonly name: string;
  /** "" when the channel has none. */
  readonly description: string;
  /** Connections subscribed on the server, when it said. */
  readonly subscribers?: number;
}

/** A `join` or `leave` frame: a user's first connection entered, or last one left, a channel. */
export interface PresenceEvent {
  readonly channel: string;
  readonly user: string;
  readonly info?: unknown;
}

/** The server's `subscribed` reply. */
export interface Subscribed {
  /** The channel, or the pattern. */
  readonly channel: string;
  readonly pattern: boolean;
  /**
   * Set only when the client asked to recover from a position (`since`): whether everything
   * missed is in `messages`.
   */
  readonly recovered?: boolean;
  /** The channel's current position, when it keeps history. */
  readonly offset?: number;
  readonly epoch?: string;
  /**
   * Recovered or requested history messages, oldest first; already delivered to the
   * subscription's `message` listeners (without duplicates) when the `subscribed` event fires.
   */
  readonly messages: readonly Message[];
}

/** After a reconnect the server replayed `missed` messages; they were delivered just before. */
export interface Recovered {
  readonly channel: string;
  readonly missed: number;
}

/**
 * Messages on the channel were lost and cannot be replayed (the history no longer reaches back,
 * or its epoch changed): reload your state, for example with `history`. Delivery goes on from
 * `current`.
 */
export interface RecoveryFailed {
  readonly channel: string;
  /** The channel's position now, when the server said. */
  readonly current?: StreamPosition;
}

/** The server took a fresh token for the connection (the reply to a `refresh` command). */
export interface TokenRefreshed {
  /** When the new token expires (ISO-8601), when the server said. */
  readonly expiresAt?: string;
}

/** What the client reports; listen with `RedcastClient.on`. */
export interface ClientEvents {
  /** Every change of the connection state. */
  state: StateChange;
  /** The server's welcome, on every (re)connect. */
  welcome: Welcome;
  /**
   * Something went wrong that answers no call of the application: an `error` frame the server
   * sent on its own, a frame the client cannot read, a listener that threw.
   */
  error: RedcastError;
  /** Every message delivered, on any channel: subscribed ones and those the server added. */
  message: Message;
  /** A user's first connection entered a channel with presence. */
  join: PresenceEvent;
  /** A user's last connection left a channel with presence. */
  leave: PresenceEvent;
  /**
   * The connection's JWT was replaced by a fresh one from `getToken` before it expired. A refresh
   * that failed is an `error` event (the server's code, or `refresh_failed`).
   */
  refreshed: TokenRefreshed;
}
