import type { Cancel, Scheduler } from "../../src/internal/runtime.js";

interface Task {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

/** A clock that moves only when the test says so; timers run in time order, then in order set. */
export class ManualScheduler implements Scheduler {
  /** What {@link wallClock} shows when {@link now} is 0: 2030-01-01T00:00:00Z. */
  static readonly EPOCH_MS = Date.UTC(2030, 0, 1);

  private time = 0;
  private seq = 0;
  private tasks: Task[] = [];

  now(): number {
    return this.time;
  }

  /** Wall-clock milliseconds since the epoch; moves with {@link now}. */
  wallClock(): number {
    return ManualScheduler.EPOCH_MS + this.time;
  }

  schedule(run: () => void, delayMs: number): Cancel {
    const task: Task = { at: this.time + delayMs, seq: this.seq++, run, cancelled: false };
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  }

  /** Moves the clock forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.nextTask();
      if (!next || next.at > end) {
        break;
      }
      this.tasks = this.tasks.filter((t) => t !== next);
      this.time = next.at;
      next.run();
    }
    this.time = end;
  }

  /** Milliseconds until the next timer that has not been cancelled, or undefined. */
  nextDelay(): number | undefined {
    const next = this.nextTask();
    return next ? next.at - this.time : undefined;
  }

  private nextTask(): Task | undefined {
    this.tasks = this.tasks.filter((t) => !t.cancelled);
    let best: Task | undefined;
    for (const t of this.tasks) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) {
        best = t;
      }
    }
    return best;
  }
}
