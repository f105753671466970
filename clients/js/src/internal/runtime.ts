import { platform } from "./platform.js";

/** A timer that can be cancelled; cancelling twice or after it ran does nothing. */
export type Cancel = () => void;

/** Time for the client: timers and a monotonic clock in milliseconds. */
export interface Scheduler {
  schedule(task: () => void, delayMs: number): Cancel;
  now(): number;
}

/** What the client takes from its environment besides the WebSocket class. */
export interface Runtime {
  readonly scheduler: Scheduler;
  /** Uniform values in [0, 1), for reconnect jitter. */
  readonly random: () => number;
  /** Milliseconds since the epoch, for token expiry (`exp` is wall-clock time). */
  readonly wallClock: () => number;
}

export const NO_TIMER: Cancel = () => {};

/** The platform's timers, clock and `Math.random`. */
export function systemRuntime(): Runtime {
  const perf = platform.performance;
  return {
    scheduler: {
      schedule(task, delayMs) {
        const handle = platform.setTimeout(task, delayMs);
        return () => platform.clearTimeout(handle);
      },
      now: perf ? () => perf.now() : () => Date.now(),
    },
    random: Math.random,
    wallClock: () => Date.now(),
  };
}

/**
 * The options key under which tests hand the client a {@link Runtime} of their own (a manual
 * clock, a fixed random). Not part of the public options; a symbol so it cannot collide.
 */
export const RUNTIME: unique symbol = Symbol("redcast.runtime");
