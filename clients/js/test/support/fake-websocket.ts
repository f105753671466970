import assert from "node:assert/strict";
import type { WebSocketConstructor, WebSocketLike } from "../../src/websocket.js";

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * A stand-in for the platform's WebSocket, driven by the test as if it were the server: it
 * records every frame the client sends (parsed), and `open`, `receive` and `serverClose` play
 * the server's side. It behaves like a browser's where the client could trip: `send` before
 * open throws, and `close` accepts only 1000 and 3000-4999.
 */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  protocol = "";
  onopen: ((event: any) => void) | null = null;
  onmessage: ((event: any) => void) | null = null;
  onclose: ((event: any) => void) | null = null;
  onerror: ((event: any) => void) | null = null;
  /** Frames the client sent and the test has not taken yet. */
  readonly sent: Record<string, unknown>[] = [];
  /** How the client closed it, if it did. */
  closedWith: { code: number | undefined; reason: string | undefined } | undefined;

  constructor(
    readonly url: string,
    readonly protocols: string | string[] | undefined,
  ) {}

  // ---- the client's side ----

  send(data: string): void {
    if (this.readyState !== 1) {
      throw new Error(`InvalidStateError: send in readyState ${this.readyState}`);
    }
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new Error(`InvalidAccessError: close code ${code}`);
    }
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  // ---- the server's side ----

  /** Completes the handshake, agreeing to the client's subprotocol. */
  open(protocol = "redcast.v1"): this {
    this.readyState = 1;
    this.protocol = protocol;
    this.onopen?.({ type: "open" });
    return this;
  }

  /** Opens and sends a welcome. */
  welcome(fields: Record<string, unknown> = {}): this {
    this.open();
    return this.receive({
      type: "welcome",
      client: "c1",
      user: "wael",
      node: "n1",
      version: "0.1.0",
      ping_interval: 25,
      subscriptions: [],
      ...fields,
    });
  }

  /** A frame from the server: an object is sent as JSON, a string as it is. */
  receive(frame: Record<string, unknown> | string): this {
    assert.equal(this.readyState, 1, "the server sends only on an open socket");
    this.onmessage?.({
      type: "message",
      data: typeof frame === "string" ? frame : JSON.stringify(frame),
    });
    return this;
  }

  /** The platform reports an error (a refused upgrade, a reset connection). */
  error(message?: string): void {
    this.onerror?.(message === undefined ? { type: "error" } : { type: "error", message });
  }

  /** The connection ends from the server's side (or the network's: 1006). */
  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ type: "close", code, reason, wasClean: code !== 1006 });
  }

  /** The next frame the client sent; fails when there is none. */
  next(): Record<string, unknown> {
    const frame = this.sent.shift();
    assert.ok(frame, "expected the client to have sent a frame");
    return frame;
  }

  /** Asserts that the client sent nothing the test has not taken. */
  assertNothingSent(): void {
    assert.deepEqual(this.sent, [], "the client sent frames the test did not expect");
  }
}

/** Hands out {@link FakeSocket}s and remembers each, in the order the client opened them. */
export class FakeServer {
  readonly sockets: FakeSocket[] = [];
  readonly WebSocket: WebSocketConstructor;

  constructor() {
    const sockets = this.sockets;
    this.WebSocket = class extends FakeSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  }

  /** The socket the client opened last. */
  get last(): FakeSocket {
    const s = this.sockets[this.sockets.length - 1];
    assert.ok(s, "the client opened no socket");
    return s;
  }
}
