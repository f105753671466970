/**
 * Runs application code (listeners, promise settlements) only after the client's state is
 * consistent again, in the order the client queued it.
 *
 * Every entry point of the client (a public call, a socket event, a timer) runs inside
 * {@link batch}; what it wants the application to hear it {@link run}s, and the queue is drained
 * when the outermost batch ends. So a listener that calls back into the client (publishes,
 * unsubscribes, closes) never sees half-updated state, and what it causes is queued behind what
 * was already queued: the order the application hears things is the order they happened.
 */
export class CallbackQueue {
  private readonly queue: (() => void)[] = [];
  private depth = 0;
  private draining = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  batch<T>(body: () => T): T {
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
      if (this.depth === 0) {
        this.drain();
      }
    }
  }

  /** Queues application code; it runs when the current batch ends (at once outside one). */
  run(task: () => void): void {
    this.queue.push(task);
    if (this.depth === 0) {
      this.drain();
    }
  }

  private drain(): void {
    if (this.draining) {
      return; // a task called into the client; the loop below picks up what it queued
    }
    this.draining = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        try {
          this.queue[i]!();
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.queue.length = 0;
      this.draining = false;
    }
  }
}
