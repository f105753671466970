import type { WebSocketConstructor } from "./websocket.js";

/** Settings of a {@link RedcastClient}; only `urls` is required. */
export interface RedcastClientOptions {
  /**
   * The server's WebSocket endpoints, `ws://host:port/ws` or `wss://...`. The first connection
   * tries them in order; every reconnect moves on to the next one, so a node that went away is
   * not asked first again.
   */
  readonly urls: readonly string[];
  /** The shared token or a JWT, sent as `?token=`. Not together with `getToken`. */
  readonly token?: string;
  /**
   * Called before every connection attempt (the first and each reconnect) for the token to
   * send, so an expiring JWT can be fetched fresh. If it throws or rejects, the attempt fails
   * like a refused connection.
   *
   * When the token is a JWT with an `exp` claim it is also called shortly before that expiry
   * (half the token's remaining life ahead, at most 30 seconds), and a token different from the
   * one in use is sent to the server as a `refresh` command, so the connection outlives the
   * token: the `refreshed` event reports each success, the `error` event each failure. Without a
   * fresh token by the expiry the server closes the connection with 4500, which ends the client.
   */
  readonly getToken?: () => string | Promise<string>;
  /** The user name, sent as `&user=` (used with the shared token; a JWT names its user). */
  readonly user?: string;
  /** How long a command waits for its reply. Default {@link DEFAULT_COMMAND_TIMEOUT_MS}. */
  readonly commandTimeoutMs?: number;
  /**
   * Bound on opening a connection and receiving the server's welcome. Default
   * {@link DEFAULT_CONNECT_TIMEOUT_MS}.
   */
  readonly connectTimeoutMs?: number;
  /**
   * Reconnect delays grow from `initialMs` to `maxMs` with full jitter. Defaults
   * {@link DEFAULT_BACKOFF_INITIAL_MS} and {@link DEFAULT_BACKOFF_MAX_MS}.
   */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Whether a lost connection is reopened at all. Default true. */
  readonly reconnect?: boolean;
  /**
   * The WebSocket class to use. Default: the platform's global `WebSocket` (browsers, Node 22+).
   * On Node 18-21 pass one, for example `WebSocket` from the `ws` package.
   */
  readonly WebSocket?: WebSocketConstructor;
}

/** Default `commandTimeoutMs`: 10 seconds. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;
/** Default `connectTimeoutMs`: 10 seconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Default `backoff.initialMs`: 500 milliseconds. */
export const DEFAULT_BACKOFF_INITIAL_MS = 500;
/** Default `backoff.maxMs`: 30 seconds. */
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

/** The WebSocket subprotocol of wire protocol v1; the server sends a welcome only with it. */
export const SUBPROTOCOL = "redcast.v1";
