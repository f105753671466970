/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The part of the WebSocket API the client uses: what browsers and Node 22+ have as the global
 * `WebSocket`, and what the `ws` package's `WebSocket` class offers on Node 18-21.
 *
 * The event handler parameters are `any` on purpose: each platform types its events differently
 * (DOM `MessageEvent`, `ws`'s own event classes), and a narrower type here would make their
 * classes unassignable to {@link WebSocketConstructor}. The client reads only `data` from message
 * events and `code`/`reason` from close events.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** The subprotocol the server agreed to, "" for none. */
  readonly protocol: string;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: the platform's global `WebSocket`, or for example `ws`'s. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;
