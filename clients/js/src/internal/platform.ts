import type { WebSocketConstructor } from "../websocket.js";

/**
 * What the client takes from the platform (browsers, Node 18+), read from `globalThis` so that
 * the library's types need neither the DOM nor Node's type declarations.
 */
interface PlatformGlobals {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  atob?(data: string): string;
  WebSocket?: WebSocketConstructor;
  performance?: { now(): number };
  console?: { error(...data: unknown[]): void };
}

export const platform = globalThis as unknown as PlatformGlobals;
