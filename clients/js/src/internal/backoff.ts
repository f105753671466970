/**
 * Reconnect delays: exponential growth with full jitter, as the Java client's `Backoff`.
 *
 * Attempt `n` (from 1) has the window `[initialMs, ceiling]` with
 * `ceiling = min(maxMs, initialMs * 2^n)`, and the delay is drawn uniformly from it: clients that
 * lost the same server spread out instead of all returning at once. The floor stays `initialMs`
 * so a client never hammers a server that is down.
 */
export class Backoff {
  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
  ) {
    if (!(initialMs > 0) || !(maxMs >= initialMs) || !Number.isFinite(maxMs)) {
      throw new RangeError(
        `backoff needs 0 < initialMs <= maxMs, got initialMs=${initialMs}, maxMs=${maxMs}`,
      );
    }
  }

  /** The upper end of attempt `attempt`'s window. */
  ceiling(attempt: number): number {
    if (!Number.isInteger(attempt) || attempt < 1) {
      throw new RangeError(`attempt starts at 1, got ${attempt}`);
    }
    // Past 2^40 the ceiling is maxMs anyway; capping the exponent keeps the product finite.
    return Math.min(this.maxMs, this.initialMs * 2 ** Math.min(attempt, 40));
  }

  /**
   * The delay before attempt `attempt`, in whole milliseconds.
   *
   * @param random uniform values in [0, 1)
   */
  delay(attempt: number, random: () => number): number {
    const ceiling = this.ceiling(attempt);
    const r = random();
    if (!(r >= 0 && r < 1)) {
      throw new RangeError(`random value outside [0, 1): ${r}`);
    }
    return Math.round(ceiling - r * (ceiling - this.initialMs));
  }
}
