import { RedcastError } from "../errors.js";
import type { TokenRefreshed } from "../types.js";
import { jwtExpiryMs } from "./jwt.js";
import { NO_TIMER, type Scheduler } from "./runtime.js";

/** The most a refresh is sent ahead of the token's `exp`: 30 seconds. */
export const REFRESH_LEAD_MS = 30_000;

/**
 * With less than this left before `exp`, a failed or pointless refresh is not tried again: the
 * server will close the connection with 4500 (token expired) and the application hears it.
 */
export const MIN_REFRESH_WINDOW_MS = 1_000;

/** setTimeout fires at once for delays past 2^31 - 1 ms; longer waits are made of shorter ones. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a {@link TokenRefresh} needs from the client around it. */
export interface RefreshContext {
  /** Timers; their tasks run as client entry points. */
  readonly scheduler: Scheduler;
  /** Milliseconds since the epoch: `exp` is wall-clock time. */
  readonly wallClock: () => number;
  readonly getToken: () => string | Promise<string>;
  /** Runs `task` as a client entry point (for the settlement of `getToken`'s promise). */
  readonly batch: (task: () => void) => void;
  /** Sends the `refresh` command; `done` gets the reply's `expires_at` or the failure. */
  readonly send: (
    token: string,
    done: (result: RedcastError | { expiresAt?: string }) => void,
  ) => void;
  readonly refreshed: (event: TokenRefreshed) => void;
  readonly failed: (error: RedcastError) => void;
}

/**
 * Keeps the JWT of one connection fresh: shortly before its `exp` (half its remaining life, at
 * most {@link REFRESH_LEAD_MS} ahead) it asks `getToken` for a new one and sends it as a `refresh`
 * command, then does the same for the new token. A token without `exp` (the shared token) is
 * never refreshed. A refusal, a failing `getToken`, or `getToken` handing back the token already
 * in use is tried again at half the time still left, until less than
 * {@link MIN_REFRESH_WINDOW_MS} remains.
 *
 * One instance per connection; {@link stop} when the connection ends (a reconnect calls
 * `getToken` anyway).
 */
export class TokenRefresh {
  private timer = NO_TIMER;
  private stopped = false;

  constructor(
    private token: string,
    private readonly context: RefreshContext,
  ) {
    this.plan(false);
  }

  stop(): void {
    this.stopped = true;
    this.timer();
  }

  /** @param retry whether the last try for this token came to nothing */
  private plan(retry: boolean): void {
    const exp = jwtExpiryMs(this.token);
    if (exp === undefined || this.stopped) {
      return;
    }
    const left = exp - this.context.wallClock();
    if (retry && left < MIN_REFRESH_WINDOW_MS) {
      return;
    }
    this.arm(exp - Math.min(REFRESH_LEAD_MS, Math.max(0, left) / 2));
  }

  /** Refreshes at wall-clock time `at`. */
  private arm(at: number): void {
    const delay = Math.max(0, at - this.context.wallClock());
    this.timer = this.context.scheduler.schedule(
      () => {
        if (this.context.wallClock() >= at) {
          this.refresh();
        } else {
          this.arm(at); // a long wait made of shorter timers
        }
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  }

  private refresh(): void {
    if (this.stopped) {
      return;
    }
    const getToken = this.context.getToken;
    new Promise<string>((resolve) => resolve(getToken())).then(
      (token) => this.context.batch(() => this.got(token)),
      (error: unknown) =>
        this.context.batch(() =>
          this.fail(
            new RedcastError("refresh_failed", `getToken failed: ${describe(error)}`, {
              cause: error,
            }),
          ),
        ),
    );
  }

  private got(token: unknown): void {
    if (this.stopped) {
      return;
    }
    if (typeof token !== "string" || token === "") {
      this.fail(new RedcastError("refresh_failed", "getToken returned no token"));
      return;
    }
    if (token === this.token) {
      this.plan(true); // nothing new yet: ask again closer to the expiry
      return;
    }
    this.context.send(token, (result) => {
      if (this.stopped) {
        return;
      }
      if (result instanceof RedcastError) {
        this.fail(result); // the old token stands on the server
        return;
      }
      this.token = token;
      this.context.refreshed(result.expiresAt === undefined ? {} : { expiresAt: result.expiresAt });
      this.plan(false);
    });
  }

  private fail(error: RedcastError): void {
    if (this.stopped) {
      return;
    }
    this.context.failed(error);
    this.plan(true);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
