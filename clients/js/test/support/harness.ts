import { RedcastClient } from "../../src/client.js";
import { RedcastError } from "../../src/errors.js";
import type { RedcastClientOptions } from "../../src/options.js";
import { RUNTIME, type Runtime } from "../../src/internal/runtime.js";
import { FakeServer, type FakeSocket } from "./fake-websocket.js";
import { ManualScheduler } from "./manual-scheduler.js";

/** A client wired to a fake server, a manual clock and a random source the test controls. */
export interface Harness {
  readonly client: RedcastClient;
  readonly server: FakeServer;
  readonly clock: ManualScheduler;
  /** The next values `random()` returns; 0.5 once they run out. */
  readonly randoms: number[];
}

export function harness(options: Partial<RedcastClientOptions> = {}): Harness {
  const server = new FakeServer();
  const clock = new ManualScheduler();
  const randoms: number[] = [];
  const runtime: Runtime = {
    scheduler: clock,
    random: () => randoms.shift() ?? 0.5,
    wallClock: () => clock.wallClock(),
  };
  const client = new RedcastClient({
    urls: ["ws://one.test/ws"],
    token: "s3cret",
    WebSocket: server.WebSocket,
    ...options,
    [RUNTIME]: runtime,
  } as RedcastClientOptions);
  return { client, server, clock, randoms };
}

/** Lets promise reactions run, so a test sees what settled promises caused. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Records every value given to it, for listeners. */
export function recorder<T>(): { (value: T): void; values: T[] } {
  const values: T[] = [];
  const f = (value: T) => {
    values.push(value);
  };
  return Object.assign(f, { values });
}

/** A harness whose client is connected (welcomed, no heartbeat); `socket` is its connection. */
export function connected(
  options: Partial<RedcastClientOptions> = {},
): Harness & { socket: FakeSocket } {
  const h = harness(options);
  void h.client.connect();
  h.server.last.welcome({ ping_interval: 0 });
  return { ...h, socket: h.server.last };
}

/** Answers the next command the client sent with `reply`, its id filled in; returns the command. */
export function answer(
  socket: FakeSocket,
  reply: Record<string, unknown>,
): Record<string, unknown> {
  const c = socket.next();
  socket.receive({ ...reply, id: c["id"] });
  return c;
}

/**
 * A JWT with a dummy signature (the client never verifies one) whose `exp` is `expiresInMs` after
 * the manual clock's wall time now, with `claims` added.
 */
export function jwt(clock: ManualScheduler, expiresInMs: number, claims: object = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = (clock.wallClock() + expiresInMs) / 1000;
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ sub: "wael", exp, ...claims })}.c2ln`;
}

/** For `assert.rejects`/`assert.throws`: a RedcastError with this code. */
export function withCode(code: string): (e: unknown) => boolean {
  return (e) => e instanceof RedcastError && e.code === code;
}
