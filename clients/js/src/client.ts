import { resolveConfig } from "./internal/config.js";
import { ClientCore } from "./internal/core.js";
import * as frames from "./internal/frames.js";
import { RUNTIME, systemRuntime, type Runtime } from "./internal/runtime.js";
import type { RedcastClientOptions } from "./options.js";
import type { SubscribeOptions, Subscription, SubscriptionListener } from "./subscription.js";
import type {
  ChannelInfo,
  ClientEvents,
  ConnectionState,
  HistoryPage,
  Message,
  Presence,
  PublishResult,
  Welcome,
} from "./types.js";

/**
 * A client of the redcast wire protocol v1: one WebSocket connection to one of the server URLs,
 * reopened automatically when it is lost.
 *
 * ```ts
 * const client = new RedcastClient({ urls: ["ws://localhost:8080/ws"], token: "s3cret", user: "wael" });
 * client.subscribe("general", (m) => console.log(`${m.from}: ${m.payload}`));
 * await client.connect();
 * await client.publish("general", "hello");
 * ```
 *
 * Lifecycle. {@link connect} opens the first connection and resolves with the server's welcome;
 * it tries each URL once, and if none answers it rejects and the client closes (a wrong URL or
 * token should not be retried forever). Once connected, a lost connection is reopened with
 * exponential backoff and full jitter, on the next URL, unless the close code is terminal (1000,
 * 1009, 4500-4999). After each reconnect every subscription is sent again with `since` set to the
 * last message it delivered: replayed messages arrive before live ones, without duplicates, and
 * if the gap cannot be replayed the subscription's `recoveryFailed` event says so. {@link close}
 * ends the client for good.
 *
 * Callbacks. Listeners run in the order the frames arrived, after the client has finished
 * handling the frame: a request's promise settles after the messages that came before its reply.
 * A listener may call the client. One that throws is reported as an `error` event and delivery
 * goes on.
 *
 * Arguments. A wrong argument (a blank channel, a negative limit) throws a `TypeError` or
 * `RangeError` at once; everything that goes wrong later rejects the returned promise.
 *
 * Requests. Every command carries an increasing numeric `id`; its promise resolves with the
 * matching reply or rejects with a `RedcastError`: the server's error code, `timeout` after
 * `commandTimeoutMs`, `disconnected` when there is no connection (only subscriptions wait for
 * one), `closed` after {@link close}.
 */
export class RedcastClient {
  private readonly core: ClientCore;

  /** Checks the options (throwing an error that names a bad one); does not connect yet. */
  constructor(options: RedcastClientOptions) {
    const config = resolveConfig(options);
    const runtime = (options as { [RUNTIME]?: Runtime })[RUNTIME] ?? systemRuntime();
    this.core = new ClientCore(config, runtime);
  }

  /** The connection state now; the `state` event reports every change. */
  get state(): ConnectionState {
    return this.core.state;
  }

  /** The welcome of the current (or last) connection; undefined before the first. */
  get welcome(): Welcome | undefined {
    return this.core.welcome;
  }

  /** Adds a listener of a client event; returns a function that removes it. */
  on<K extends keyof ClientEvents>(
    event: K,
    listener: (value: ClientEvents[K]) => void,
  ): () => void {
    return this.core.events.on(event, listener);
  }

  off<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): void {
    this.core.events.off(event, listener);
  }

  /**
   * Opens the connection. Calling it again returns the same promise; after {@link close} it
   * rejects with `closed`.
   *
   * @returns the server's welcome; rejects (and the client closes) when no URL gives a
   *     connection: `connect_failed`, or `closed` when the client was closed first
   */
  connect(): Promise<Welcome> {
    return this.core.connect();
  }

  /**
   * Closes the connection (close code 1000) for good. Pending requests reject with `closed`,
   * subscriptions end, the `state` event reports `closed`. Safe to call twice and from a listener.
   */
  close(): void {
    this.core.close();
  }

  /**
   * Subscribes to a channel (or, with `pattern`, to every channel matching a Redis glob). May be
   * called before {@link connect} or while reconnecting: the subscription is sent once connected.
   * It lasts until {@link Subscription.unsubscribe} and is restored after every reconnect.
   *
   * @param listener a message listener, or an object with a listener per subscription event
   * @throws `RedcastError` `bad_request` when already subscribed to it, `closed` after close
   */
  subscribe(channel: string, listener?: (message: Message) => void): Subscription;
  subscribe(
    channel: string,
    options?: SubscribeOptions,
    listener?: SubscriptionListener,
  ): Subscription;
  subscribe(
    channel: string,
    optionsOrListener?: SubscribeOptions | ((message: Message) => void),
    listener?: SubscriptionListener,
  ): Subscription {
    requireName(channel, "channel");
    const options = typeof optionsOrListener === "function" ? {} : (optionsOrListener ?? {});
    const l = typeof optionsOrListener === "function" ? optionsOrListener : listener;
    checkSubscribeOptions(options);
    return this.core.subscribe(channel, options, l);
  }

  /**
   * Publishes a payload to a channel.
   *
   * @param options `idempotencyKey`: 1 to 128 printable ASCII characters without spaces (a UUID,
   *   say); retrying with the same key (after a `timeout`, `disconnected` or `outcome_unknown`
   *   failure) within the server's window answers the first result with `replayed: true` and
   *   delivers nothing again
   * @returns `offset`/`epoch` when the channel keeps history
   */
  publish(
    channel: string,
    payload: string,
    options: { idempotencyKey?: string } = {},
  ): Promise<PublishResult> {
    requireName(channel, "channel");
    if (typeof payload !== "string") {
      throw new TypeError(`payload must be a string, got ${typeof payload}`);
    }
    const { idempotencyKey } = options;
    if (idempotencyKey !== undefined && !/^[!-~]{1,128}$/.test(idempotencyKey)) {
      throw new TypeError(
        "idempotencyKey must be 1 to 128 printable ASCII characters without spaces",
      );
    }
    return this.core.request(
      "publish",
      (id) => frames.publishCommand(id, channel, payload, idempotencyKey),
      frames.published,
    );
  }

  /**
   * A page of a channel's history, oldest first.
   *
   * @param options `limit` (the server's default is 50), `before`: only messages before this offset
   */
  history(
    channel: string,
    options: { limit?: number; before?: number } = {},
  ): Promise<HistoryPage> {
    requireName(channel, "channel");
    const { limit, before } = options;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
      throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
    }
    if (before !== undefined && !(Number.isInteger(before) && before >= 0)) {
      throw new RangeError(`before must be an offset (integer >= 0), got ${before}`);
    }
    return this.core.request(
      "history",
      (id) => frames.historyCommand(id, channel, limit, before),
      (reply) => frames.historyPage(reply, channel),
    );
  }

  /** Who is in a channel. */
  presence(channel: string): Promise<Presence> {
    requireName(channel, "channel");
    return this.core.request(
      "presence",
      (id) => frames.presenceCommand(id, channel),
      (reply) => frames.presence(reply, channel),
    );
  }

  /** The server's channel registry. */
  channels(): Promise<ChannelInfo[]> {
    return this.core.request("channels", (id) => frames.command("channels", id), frames.channels);
  }

  /** A round trip to the server; resolves with how long it took, in milliseconds. */
  ping(): Promise<number> {
    const start = this.core.now();
    return this.core.request(
      "ping",
      (id) => frames.command("ping", id),
      () => this.core.now() - start,
    );
  }
}

function requireName(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${what} must be a non-blank string, got ${JSON.stringify(value)}`);
  }
}

function checkSubscribeOptions(options: SubscribeOptions): void {
  const { history, since, pattern } = options;
  if (history !== undefined && !(Number.isInteger(history) && history >= 0)) {
    throw new RangeError(`history must be an integer >= 0, got ${history}`);
  }
  if (since !== undefined) {
    if (pattern) {
      throw new TypeError("since is for channels: a pattern subscription has no position");
    }
    if (!(Number.isInteger(since.offset) && since.offset >= 0 && typeof since.epoch === "string")) {
      throw new TypeError(
        `since must be {offset: integer >= 0, epoch: string}, got ${JSON.stringify(since)}`,
      );
    }
  }
}
