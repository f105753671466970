import { RedcastError } from "../errors.js";
import { SUBPROTOCOL } from "../options.js";
import type {
  SubscribeOptions,
  SubscriptionEvents,
  SubscriptionListener,
} from "../subscription.js";
import type { ClientEvents, ConnectionState, Message, StateChange, Welcome } from "../types.js";
import type { WebSocketLike } from "../websocket.js";
import { Backoff } from "./backoff.js";
import { CallbackQueue } from "./callbacks.js";
import { ChannelSubscription, subscriptionKey } from "./channel-subscription.js";
import { connectUrl, displayUrl, type ClientConfig } from "./config.js";
import { Emitter } from "./emitter.js";
import * as frames from "./frames.js";
import type { Command, Frame } from "./frames.js";
import { PendingRequests } from "./pending.js";
import { platform } from "./platform.js";
import { NO_TIMER, type Runtime, type Scheduler } from "./runtime.js";
import { TokenRefresh } from "./token-refresh.js";

type Phase = "idle" | "connecting" | "connected" | "waiting" | "closed";

/** The phases without a connection, for messages. */
const PHASE_WORDS: Record<Phase, string> = {
  idle: "not connected (connect() was not called)",
  connecting: "connecting",
  connected: "connected",
  waiting: "reconnecting",
  closed: "closed",
};

/** Many requests waiting at once means the application is not waiting for its replies. */
export const MAX_PENDING_REQUESTS = 1024;

/** Close codes after which the protocol says not to reconnect (PROTOCOL.md section 4). */
export function isTerminalCloseCode(code: number): boolean {
  return code === 1000 || code === 1009 || (code >= 4500 && code <= 4999);
}

/** One connection attempt; events of an attempt that is no longer current are ignored. */
class Attempt {
  socket: WebSocketLike | undefined;
  open = false;
  /** The token this attempt connected with. */
  token: string | undefined;

  constructor(readonly url: string) {}
}

/**
 * The protocol state machine of one client: connection phases, request/reply matching,
 * subscriptions and their recovery. It mirrors the Java client's `ClientCore`.
 *
 * Design. Everything runs on the one JavaScript thread, but the application's code must still
 * never see half-updated state: every entry point (a call from `RedcastClient`, a socket event,
 * a timer) runs in a {@link CallbackQueue} batch, and whatever the application should hear
 * (listener calls, promise settlements) is queued and runs when the batch ends, in the order it
 * happened. That is what makes "recovered messages first, then live ones" true for the
 * application and not just on the wire.
 *
 * Subscriptions are desired state: they survive a lost connection and are sent again after each
 * welcome, with `since` = the position of the last message delivered, so the server can replay
 * the gap. Every delivered message with an offset moves that position; anything at or before it
 * in the same epoch is a duplicate and is dropped, which covers both a server that replays a
 * little too much and a live message racing the replay. Other requests do not survive: they fail
 * with `disconnected` when the connection is lost.
 *
 * It is one class because a connection event touches all three kinds of state at once (a welcome
 * resends every subscription, a lost connection fails requests and resets subscriptions); what
 * one subscription knows is in {@link ChannelSubscription}, matching replies to requests in
 * {@link PendingRequests}, and keeping a connection's JWT fresh in {@link TokenRefresh}.
 */
export class ClientCore {
  readonly events: Emitter<ClientEvents>;
  private readonly callbacks: CallbackQueue;
  private readonly scheduler: Scheduler;
  private readonly random: () => number;
  private readonly wallClock: () => number;
  private readonly backoff: Backoff;
  private readonly pending: PendingRequests;
  private readonly subscriptions = new Map<string, ChannelSubscription>();

  private phase: Phase = "idle";
  private stateNow: ConnectionState = "disconnected";
  private welcomeNow: Welcome | undefined;
  private current: Attempt | undefined;
  private connectPromise: Promise<Welcome> | undefined;
  private settleConnect: { resolve(w: Welcome): void; reject(e: RedcastError): void } | undefined;
  private everConnected = false;
  /** The reconnect attempt number: 0 until the first connection is lost, 0 again after a welcome. */
  private attempt = 0;
  /** How many URLs the first connection has tried. */
  private firstTries = 0;
  private urlIndex = 0;
  private lastInbound = 0;
  private connectTimer = NO_TIMER;
  private reconnectTimer = NO_TIMER;
  private heartbeat = NO_TIMER;
  /** Keeps the current connection's JWT fresh; only with `getToken`, only while connected. */
  private tokenRefresh: TokenRefresh | undefined;

  constructor(
    private readonly config: ClientConfig,
    runtime: Runtime,
  ) {
    this.callbacks = new CallbackQueue((e) => this.listenerFailed(e, "callback"));
    this.events = new Emitter<ClientEvents>((e, event) => this.listenerFailed(e, String(event)));
    // Timers are entry points too: their work runs in a batch like a socket event's.
    this.scheduler = {
      schedule: (task, delayMs) =>
        runtime.scheduler.schedule(() => this.callbacks.batch(task), delayMs),
      now: () => runtime.scheduler.now(),
    };
    this.random = runtime.random;
    this.wallClock = runtime.wallClock;
    this.backoff = new Backoff(config.backoffInitialMs, config.backoffMaxMs);
    this.pending = new PendingRequests(this.scheduler, config.commandTimeoutMs);
  }

  get state(): ConnectionState {
    return this.stateNow;
  }

  get welcome(): Welcome | undefined {
    return this.welcomeNow;
  }

  // ---- calls from the application ----

  connect(): Promise<Welcome> {
    if (this.phase === "closed") {
      return Promise.reject(closedError());
    }
    if (this.connectPromise) {
      return this.connectPromise;
    }
    this.connectPromise = new Promise<Welcome>((resolve, reject) => {
      this.settleConnect = { resolve, reject };
    });
    this.callbacks.batch(() => this.openLink());
    return this.connectPromise;
  }

  close(): void {
    this.callbacks.batch(() => {
      if (this.phase !== "closed") {
        this.terminate(1000, "closed by the client", closedError(), true);
      }
    });
  }

  subscribe(
    channel: string,
    options: SubscribeOptions,
    listener: SubscriptionListener | undefined,
  ): ChannelSubscription {
    return this.callbacks.batch(() => {
      if (this.phase === "closed") {
        throw closedError();
      }
      const pattern = options.pattern === true;
      const key = subscriptionKey(channel, pattern);
      if (this.subscriptions.has(key)) {
        throw new RedcastError(
          "bad_request",
          `already subscribed to ${pattern ? "pattern " : ""}${channel}; unsubscribe first`,
        );
      }
      const sub = new ChannelSubscription(
        channel,
        pattern,
        options.history ?? 0,
        options.persist === true,
        options.since,
        listener,
        (e, event) => this.listenerFailed(e, `subscription ${String(event)}`),
        (s) => this.unsubscribe(s),
      );
      this.subscriptions.set(key, sub);
      if (this.phase === "connected") {
        this.sendSubscribe(sub);
      }
      // Otherwise it goes out right after the next welcome.
      return sub;
    });
  }

  /**
   * Sends a request that needs a connection and resolves with its decoded reply.
   *
   * @param build the command, given its id
   * @param decode the reply frame to the value; may throw `bad_frame`
   */
  request<T>(
    type: string,
    build: (id: number) => Command,
    decode: (reply: Frame) => T,
  ): Promise<T> {
    return this.callbacks.batch(
      () =>
        new Promise<T>((resolve, reject) => {
          if (this.phase === "closed") {
            throw closedError();
          }
          if (this.phase !== "connected") {
            throw new RedcastError(
              "disconnected",
              `${type} needs a connection; the client is ${PHASE_WORDS[this.phase]}`,
            );
          }
          if (this.pending.size >= MAX_PENDING_REQUESTS) {
            throw new RedcastError(
              "too_many_requests",
              `${type} rejected: ${this.pending.size} requests already wait for a reply (limit ${MAX_PENDING_REQUESTS})`,
            );
          }
          const id = this.pending.nextId();
          this.pending.track(
            id,
            type,
            (reply) => {
              const value = decode(reply); // a bad_frame thrown here fails the request
              this.callbacks.run(() => resolve(value));
            },
            (error) => this.callbacks.run(() => reject(error)),
          );
          this.send(build(id));
        }),
    );
  }

  now(): number {
    return this.scheduler.now();
  }

  private unsubscribe(sub: ChannelSubscription): Promise<void> {
    return this.callbacks.batch(() => {
      if (this.subscriptions.get(sub.key) !== sub) {
        return Promise.resolve();
      }
      this.subscriptions.delete(sub.key);
      sub.status = "unsubscribed";
      sub.inFlight = false;
      sub.resetHeld();
      sub.rejectReady(
        new RedcastError("cancelled", `unsubscribed from ${sub.channel} before the reply`),
      );
      if (this.phase !== "connected") {
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const id = this.pending.nextId();
        this.pending.track(
          id,
          "unsubscribe",
          () => this.callbacks.run(resolve),
          (error) => this.callbacks.run(() => reject(error)),
          // The next connection will not have it anyway.
          () => this.callbacks.run(resolve),
        );
        this.send(frames.unsubscribeCommand(id, sub.channel, sub.pattern));
      });
    });
  }

  // ---- connection lifecycle ----

  private openLink(): void {
    const url = this.config.urls[this.urlIndex]!;
    this.phase = "connecting";
    this.setState("connecting", { attempt: this.attempt, url: displayUrl(url) });
    const a = new Attempt(url);
    this.current = a;
    this.connectTimer = this.scheduler.schedule(() => {
      if (a === this.current && this.phase === "connecting") {
        this.connectFailed(
          a,
          new RedcastError(
            "connect_failed",
            `no welcome from ${displayUrl(url)} within ${this.config.connectTimeoutMs} ms`,
          ),
        );
      }
    }, this.config.connectTimeoutMs);
    const getToken = this.config.getToken;
    if (!getToken) {
      this.openSocket(a, this.config.token);
      return;
    }
    // Asked on every attempt, so an expiring token is fetched fresh for each reconnect.
    new Promise<string>((resolve) => resolve(getToken())).then(
      (token) =>
        this.callbacks.batch(() => {
          if (a === this.current) {
            this.openSocket(a, token);
          }
        }),
      (error: unknown) =>
        this.callbacks.batch(() => {
          if (a === this.current) {
            this.connectFailed(
              a,
              new RedcastError("connect_failed", `getToken failed: ${describe(error)}`, {
                cause: error,
              }),
            );
          }
        }),
    );
  }

  private openSocket(a: Attempt, token: string | undefined): void {
    let socket: WebSocketLike;
    try {
      socket = new this.config.WebSocket(connectUrl(a.url, token, this.config.user), [SUBPROTOCOL]);
    } catch (error) {
      this.connectFailed(
        a,
        new RedcastError("connect_failed", `cannot open ${displayUrl(a.url)}: ${describe(error)}`, {
          cause: error,
        }),
      );
      return;
    }
    a.socket = socket;
    a.token = token;
    socket.onopen = () =>
      this.callbacks.batch(() => {
        if (a === this.current) {
          a.open = true;
          this.lastInbound = this.scheduler.now();
        }
      });
    socket.onmessage = (event: { data?: unknown }) =>
      this.callbacks.batch(() => {
        if (a === this.current) {
          this.onData(a, event?.data);
        }
      });
    socket.onclose = (event: { code?: unknown; reason?: unknown }) =>
      this.callbacks.batch(() => {
        if (a === this.current) {
          const code = typeof event?.code === "number" ? event.code : 1006;
          const reason =
            typeof event?.reason === "string" && event.reason !== "" ? event.reason : "closed";
          this.connectionLost(code, reason);
        }
      });
    // Browsers follow an error with a close event, which does the work; Node 20's experimental
    // WebSocket does not when the upgrade is refused, so an error before the open fails the
    // attempt itself (a later close of the discarded socket is ignored).
    socket.onerror = (event: { message?: unknown }) =>
      this.callbacks.batch(() => {
        if (a === this.current && !a.open) {
          const detail = typeof event?.message === "string" ? `: ${event.message}` : "";
          this.connectFailed(
            a,
            new RedcastError("connect_failed", `cannot connect to ${displayUrl(a.url)}${detail}`),
          );
        }
      });
  }

  private onWelcome(a: Attempt, frame: Frame): void {
    if (this.phase !== "connecting") {
      return; // a second welcome: nothing to do
    }
    this.connectTimer();
    const welcome = frames.welcome(frame);
    this.welcomeNow = welcome;
    this.phase = "connected";
    this.everConnected = true;
    this.attempt = 0;
    this.setState("connected", { attempt: 0, url: displayUrl(a.url), welcome });
    this.callbacks.run(() => this.events.emit("welcome", welcome));
    const settle = this.settleConnect;
    if (settle) {
      this.settleConnect = undefined;
      this.callbacks.run(() => settle.resolve(welcome));
    }
    for (const sub of [...this.subscriptions.values()]) {
      this.sendSubscribe(sub);
    }
    this.startHeartbeat(a, welcome.pingIntervalMs);
    this.startTokenRefresh(a);
  }

  /** With `getToken`, a JWT that expires is refreshed before it does, for this connection. */
  private startTokenRefresh(a: Attempt): void {
    this.stopTokenRefresh();
    const getToken = this.config.getToken;
    if (!getToken || a.token === undefined) {
      return;
    }
    this.tokenRefresh = new TokenRefresh(a.token, {
      scheduler: this.scheduler,
      wallClock: this.wallClock,
      getToken,
      batch: (task) => this.callbacks.batch(task),
      send: (token, done) => this.sendRefresh(a, token, done),
      refreshed: (event) => this.callbacks.run(() => this.events.emit("refreshed", event)),
      failed: (error) => this.report(error),
    });
  }

  private stopTokenRefresh(): void {
    this.tokenRefresh?.stop();
    this.tokenRefresh = undefined;
  }

  private sendRefresh(
    a: Attempt,
    token: string,
    done: (result: RedcastError | { expiresAt?: string }) => void,
  ): void {
    if (a !== this.current || this.phase !== "connected") {
      return; // the connection is gone; the next one calls getToken anyway
    }
    const id = this.pending.nextId();
    this.pending.track(
      id,
      "refresh",
      (reply) => done(frames.refreshed(reply)),
      done,
      () => {},
    );
    this.send(frames.refreshCommand(id, token));
  }

  /** An attempt ended before its welcome without a close code: an error, a timeout, getToken. */
  private connectFailed(a: Attempt, error: RedcastError): void {
    this.current = undefined;
    this.connectTimer();
    discard(a.socket);
    if (!this.everConnected) {
      this.firstConnectionFailed(1006, error.message, error);
    } else {
      this.scheduleReconnect(1006, error.message);
    }
  }

  private connectionLost(code: number, reason: string): void {
    this.current = undefined;
    this.connectTimer();
    this.heartbeat();
    this.stopTokenRefresh();
    if (this.phase === "connecting" && !this.everConnected) {
      this.firstConnectionFailed(
        code,
        reason,
        new RedcastError(
          "connect_failed",
          `connection closed before the welcome: ${code} ${reason}`,
          {
            closeCode: code,
          },
        ),
      );
    } else if (isTerminalCloseCode(code) || !this.config.reconnect) {
      this.terminate(
        code,
        reason,
        new RedcastError("closed", `connection closed: ${code} ${reason}`, { closeCode: code }),
      );
    } else {
      this.scheduleReconnect(code, reason);
    }
  }

  /**
   * The first connection tries each URL once. If none gives a welcome the client closes, like the
   * Java client: a wrong URL or token should not be retried forever.
   */
  private firstConnectionFailed(code: number, reason: string, error: RedcastError): void {
    this.firstTries++;
    if (this.firstTries < this.config.urls.length && !isTerminalCloseCode(code)) {
      this.urlIndex = (this.urlIndex + 1) % this.config.urls.length;
      this.openLink();
    } else {
      this.terminate(code, reason, error);
    }
  }

  private scheduleReconnect(code: number, reason: string): void {
    this.pending.endAll(
      new RedcastError("disconnected", `connection lost before the reply (${code} ${reason})`, {
        closeCode: code,
      }),
    );
    for (const sub of this.subscriptions.values()) {
      sub.status = "subscribing"; // until the next connection confirms it again
    }
    this.attempt++;
    const delayMs = this.backoff.delay(this.attempt, this.random);
    this.phase = "waiting";
    this.setState("disconnected", { attempt: this.attempt, delayMs, closeCode: code, reason });
    this.reconnectTimer = this.scheduler.schedule(() => {
      if (this.phase === "waiting") {
        // The next server: the one just lost may be the one that went away.
        this.urlIndex = (this.urlIndex + 1) % this.config.urls.length;
        this.openLink();
      }
    }, delayMs);
  }

  /** @param byApplication whether `close()` ended it (the state event then carries no error) */
  private terminate(
    code: number,
    reason: string,
    error: RedcastError,
    byApplication = false,
  ): void {
    this.phase = "closed";
    this.connectTimer();
    this.reconnectTimer();
    this.heartbeat();
    this.stopTokenRefresh();
    const a = this.current;
    this.current = undefined;
    discard(a?.socket, code === 1000 ? "client closed" : "");
    this.pending.endAll(error);
    for (const sub of this.subscriptions.values()) {
      sub.status = "unsubscribed";
      sub.inFlight = false;
      sub.resetHeld();
      sub.rejectReady(error);
    }
    this.subscriptions.clear();
    const settle = this.settleConnect;
    if (settle) {
      this.settleConnect = undefined;
      this.callbacks.run(() => settle.reject(error));
    }
    this.setState("closed", {
      attempt: this.attempt,
      closeCode: code,
      reason,
      ...(byApplication ? {} : { error }),
    });
  }

  private startHeartbeat(a: Attempt, intervalMs: number): void {
    this.heartbeat();
    if (intervalMs <= 0) {
      return;
    }
    this.heartbeat = this.scheduler.schedule(() => {
      if (a !== this.current || this.phase !== "connected") {
        return;
      }
      if (this.scheduler.now() - this.lastInbound >= intervalMs) {
        this.sendHeartbeatPing(a);
      }
      this.startHeartbeat(a, intervalMs);
    }, intervalMs);
  }

  /** The server was silent for a whole ping interval: no pong in time means the link is dead. */
  private sendHeartbeatPing(a: Attempt): void {
    const id = this.pending.nextId();
    this.pending.track(
      id,
      "ping",
      () => {},
      (error) => {
        if (a === this.current && error.code === "timeout") {
          this.current = undefined;
          discard(a.socket, "no pong");
          this.connectionLost(1006, "no reply to ping");
        }
      },
      () => {},
    );
    this.send(frames.command("ping", id));
  }

  // ---- frames from the server ----

  private onData(a: Attempt, data: unknown): void {
    this.lastInbound = this.scheduler.now();
    if (typeof data !== "string") {
      this.report(
        new RedcastError("bad_frame", "ignoring a binary frame: the protocol sends text frames"),
      );
      return;
    }
    try {
      const frame = frames.parse(data);
      switch (frame.type) {
        case "welcome":
          this.onWelcome(a, frame);
          break;
        case "message":
          this.onMessage(frame);
          break;
        case "join":
        case "leave":
          this.onPresence(frame.type, frame);
          break;
        default:
          this.onReply(frame);
      }
    } catch (error) {
      if (!(error instanceof RedcastError)) {
        throw error;
      }
      this.report(error); // the frame is dropped; the connection stays
    }
  }

  private onReply(frame: Frame): void {
    if (this.pending.answer(frame)) {
      return;
    }
    if (frame.type === "error") {
      this.onUnsolicitedError(frame);
    }
    // Otherwise a reply to a request that timed out, or a frame type this client does not know.
  }

  /**
   * An error that answers no request. With code `unrecoverable` and a channel it says that
   * messages of a live subscription were lost (a gap the server could not repair, or a new
   * epoch): the subscription hears it as a failed recovery. The position stays: the message that
   * revealed the loss may come right after, and it must not look like a duplicate.
   */
  private onUnsolicitedError(frame: Frame): void {
    const error = frames.error(frame);
    const channel = typeof frame["channel"] === "string" ? frame["channel"] : undefined;
    const sub =
      channel === undefined ? undefined : this.subscriptions.get(subscriptionKey(channel, false));
    if (sub && channel !== undefined && error.code === "unrecoverable") {
      const current = frames.position(frame);
      this.toSubscription(sub, "recoveryFailed", current ? { channel, current } : { channel });
      return;
    }
    this.report(error);
  }

  private onMessage(frame: Frame): void {
    const m = frames.message(frame);
    const sub =
      m.pattern !== undefined
        ? this.subscriptions.get(subscriptionKey(m.pattern, true))
        : this.subscriptions.get(subscriptionKey(m.channel, false));
    if (!sub) {
      // A channel the server subscribed the connection to (defaults, remembered ones).
      this.callbacks.run(() => this.events.emit("message", m));
      return;
    }
    if (sub.inFlight && !sub.pattern) {
      sub.hold(m); // replayed messages in the reply must reach the listeners before this one
    } else if (sub.accept(m)) {
      this.deliver(sub, m);
    }
    // Otherwise a duplicate of what this subscription already delivered.
  }

  private onPresence(type: "join" | "leave", frame: Frame): void {
    const event = frames.presenceEvent(frame);
    if (!event) {
      return;
    }
    const sub = this.subscriptions.get(subscriptionKey(event.channel, false));
    if (sub) {
      this.toSubscription(sub, type, event);
    }
    this.callbacks.run(() => this.events.emit(type, event));
  }

  // ---- subscriptions ----

  private sendSubscribe(sub: ChannelSubscription): void {
    const id = this.pending.nextId();
    const since = sub.pattern ? undefined : sub.last;
    const history = sub.confirmed ? 0 : sub.history;
    sub.requestedSince = since;
    sub.inFlight = true;
    sub.resetHeld();
    this.pending.track(
      id,
      "subscribe",
      (reply) => this.onSubscribed(sub, reply),
      (error) => this.onSubscribeError(sub, error),
      // The subscription stays; it is sent again after the next welcome.
      () => {
        sub.inFlight = false;
        sub.resetHeld();
      },
    );
    this.send(frames.subscribeCommand(id, sub.channel, sub, since, history));
  }

  private onSubscribed(sub: ChannelSubscription, frame: Frame): void {
    if (this.subscriptions.get(sub.key) !== sub) {
      return; // unsubscribed while the reply was on its way
    }
    const reply = frames.subscribed(frame, sub.channel, sub.pattern);
    const since = sub.requestedSince;
    sub.requestedSince = undefined;
    sub.confirmed = true;
    sub.inFlight = false;
    sub.status = "subscribed";
    const live = [...sub.held];
    const overflowed = sub.overflowed;
    sub.resetHeld();
    const channel = sub.channel;
    const current = frames.position(reply);
    if ((since && reply.recovered === false) || overflowed) {
      // The gap is lost; go on from where the channel is now.
      sub.last = current;
      this.toSubscription(sub, "recoveryFailed", current ? { channel, current } : { channel });
    } else {
      const fresh = reply.messages.filter((m) => sub.accept(m));
      for (const m of fresh) {
        this.deliver(sub, m);
      }
      if (since) {
        this.toSubscription(sub, "recovered", { channel, missed: fresh.length });
      }
    }
    for (const m of live) {
      if (sub.accept(m)) {
        this.deliver(sub, m);
      }
    }
    sub.advanceTo(current);
    this.toSubscription(sub, "subscribed", reply);
    this.callbacks.run(() => sub.resolveReady(reply));
  }

  private onSubscribeError(sub: ChannelSubscription, error: RedcastError): void {
    if (this.subscriptions.get(sub.key) !== sub) {
      return;
    }
    const channel = sub.channel;
    sub.inFlight = false;
    sub.resetHeld();
    if (sub.requestedSince && error.code === "unrecoverable") {
      // Same as recovered:false, said as an error: continue without the gap.
      sub.requestedSince = undefined;
      sub.last = undefined;
      this.toSubscription(sub, "recoveryFailed", { channel });
      if (this.phase === "connected") {
        this.sendSubscribe(sub);
      }
      return;
    }
    this.subscriptions.delete(sub.key);
    if (error.code === "timeout" && this.phase === "connected") {
      // The server may still subscribe us; say we do not want it.
      this.send(frames.unsubscribeCommand(this.pending.nextId(), channel, sub.pattern));
    }
    sub.status = "unsubscribed";
    this.toSubscription(sub, "error", error);
    this.callbacks.run(() => sub.rejectReady(error));
  }

  // ---- plumbing ----

  /** A message for a subscription's listeners and the client's `message` listeners. */
  private deliver(sub: ChannelSubscription, m: Message): void {
    this.callbacks.run(() => {
      if (sub.active) {
        sub.events.emit("message", m);
        this.events.emit("message", m);
      }
    });
  }

  /** Tells a subscription's listeners, unless it ended before their turn came. */
  private toSubscription<K extends keyof SubscriptionEvents>(
    sub: ChannelSubscription,
    event: K,
    value: SubscriptionEvents[K],
  ): void {
    this.callbacks.run(() => {
      if (sub.active || event === "error") {
        sub.events.emit(event, value);
      }
    });
  }

  private send(c: Command): void {
    const socket = this.current?.socket;
    if (!socket || !this.current?.open) {
      return;
    }
    try {
      socket.send(frames.encode(c));
    } catch {
      // The socket is closing; its close event follows and reconnects.
    }
  }

  private setState(state: ConnectionState, details: Omit<StateChange, "state" | "previous">): void {
    const change: StateChange = { state, previous: this.stateNow, ...details };
    this.stateNow = state;
    this.callbacks.run(() => this.events.emit("state", change));
  }

  private report(error: RedcastError): void {
    this.callbacks.run(() => this.events.emit("error", error));
  }

  /**
   * A listener threw. It is reported as an `error` event and delivery goes on; one thrown by an
   * `error` listener goes to the console, since reporting it as an event could loop.
   */
  private listenerFailed(error: unknown, where: string): void {
    if (where === "error") {
      platform.console?.error("redcast: an error listener threw", error);
      return;
    }
    this.events.emit(
      "error",
      new RedcastError("listener_failed", `a ${where} listener threw: ${describe(error)}`, {
        cause: error,
      }),
    );
  }
}

function closedError(): RedcastError {
  return new RedcastError("closed", "the client is closed");
}

/** Closes a socket the client no longer wants; its later events must not reach the client. */
function discard(socket: WebSocketLike | undefined, reason = ""): void {
  if (!socket) {
    return;
  }
  socket.onopen = socket.onmessage = socket.onclose = null;
  // Kept, not nulled: the ws package throws on an error event nobody listens to.
  socket.onerror = () => {};
  try {
    // Browsers accept only 1000 and 3000-4999 from a client.
    socket.close(1000, reason);
  } catch {
    // Already closed or closing.
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
