import { RedcastError } from "../errors.js";
import { error as errorOf, frameId, replyType, type Frame } from "./frames.js";
import type { Cancel, Scheduler } from "./runtime.js";

interface Pending {
  readonly type: string;
  readonly expectedReply: string;
  readonly onReply: (frame: Frame) => void;
  readonly onError: (error: RedcastError) => void;
  readonly onDisconnect: (() => void) | undefined;
  readonly timer: Cancel;
}

/**
 * Requests sent and not yet answered: their ids, the reply each expects, its timeout, and what to
 * do on a reply, an error or a lost connection.
 */
export class PendingRequests {
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly timeoutMs: number,
  ) {}

  /** A fresh request id; ids keep increasing across connections. */
  nextId(): number {
    return ++this.lastId;
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Waits for the reply to request `id`: `onReply` gets a reply of the expected type, `onError`
   * an `error` reply, a reply of another type, an unreadable one or a timeout. A lost connection
   * runs `onDisconnect` when given, else fails the request like an error.
   */
  track(
    id: number,
    type: string,
    onReply: (frame: Frame) => void,
    onError: (error: RedcastError) => void,
    onDisconnect?: () => void,
  ): void {
    const timer = this.scheduler.schedule(() => {
      const p = this.pending.get(id);
      if (p) {
        this.pending.delete(id);
        p.onError(
          new RedcastError("timeout", `no reply to ${type} #${id} within ${this.timeoutMs} ms`),
        );
      }
    }, this.timeoutMs);
    this.pending.set(id, {
      type,
      expectedReply: replyType(type),
      onReply,
      onError,
      onDisconnect,
      timer,
    });
  }

  /** Hands a reply or `error` frame to the request it answers; false when it answers none. */
  answer(frame: Frame): boolean {
    const id = frameId(frame);
    const p = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || !p) {
      return false;
    }
    this.pending.delete(id);
    p.timer();
    if (frame.type === "error") {
      p.onError(errorOf(frame));
    } else if (frame.type !== p.expectedReply) {
      p.onError(
        new RedcastError(
          "bad_frame",
          `expected '${p.expectedReply}' for ${p.type} #${id}, got '${frame.type}'`,
        ),
      );
    } else {
      try {
        p.onReply(frame);
      } catch (e) {
        if (!(e instanceof RedcastError)) {
          throw e;
        }
        // A reply we cannot read still ends its request, with the reason.
        p.onError(e);
      }
    }
    return true;
  }

  /**
   * Ends every request waiting for a reply: those that survive a lost connection (subscribe,
   * unsubscribe) run their own handling, the others fail with `error`.
   */
  endAll(error: RedcastError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      p.timer();
      if (p.onDisconnect) {
        p.onDisconnect();
      } else {
        p.onError(error);
      }
    }
  }
}
