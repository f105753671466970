/**
 * Listeners of named events, each event with one value. A listener that throws is reported to
 * `onListenerError` and the other listeners still run: one failing listener never stops delivery.
 */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof Events) => void) {}

  /** Adds a listener; returns a function that removes it. Adding the same one twice adds it once. */
  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): void {
    this.listeners.get(event)?.delete(listener);
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) {
      return;
    }
    // A copy: a listener may add or remove listeners while this runs.
    for (const listener of [...set] as ((value: Events[K]) => void)[]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
