import {
  DEFAULT_BACKOFF_INITIAL_MS,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type RedcastClientOptions,
} from "../options.js";
import type { WebSocketConstructor } from "../websocket.js";
import { platform } from "./platform.js";

/** The settings of one client: validated, defaults filled in, frozen. */
export interface ClientConfig {
  readonly urls: readonly string[];
  readonly token: string | undefined;
  readonly getToken: (() => string | Promise<string>) | undefined;
  readonly user: string | undefined;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  readonly reconnect: boolean;
  readonly WebSocket: WebSocketConstructor;
}

/**
 * Checks the application's options; a bad one throws an error that names the setting, its value
 * and what is allowed.
 */
export function resolveConfig(options: RedcastClientOptions): ClientConfig {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
  const urls = options.urls;
  if (!Array.isArray(urls) || urls.length === 0) {
    throw new TypeError(
      `urls must be a non-empty array of ws:// or wss:// URLs, got ${show(urls)}`,
    );
  }
  for (const url of urls) {
    if (typeof url !== "string" || !/^wss?:\/\/[^/?#]+/i.test(url)) {
      throw new TypeError(
        `urls: every URL must start with ws:// or wss:// and a host, got ${show(url)}`,
      );
    }
  }
  if (options.token !== undefined && options.getToken !== undefined) {
    throw new TypeError("token and getToken are alternatives: give one of them");
  }
  if (options.token !== undefined && typeof options.token !== "string") {
    throw new TypeError(`token must be a string, got ${show(options.token)}`);
  }
  if (options.getToken !== undefined && typeof options.getToken !== "function") {
    throw new TypeError(`getToken must be a function, got ${show(options.getToken)}`);
  }
  if (options.user !== undefined && typeof options.user !== "string") {
    throw new TypeError(`user must be a string, got ${show(options.user)}`);
  }
  const backoffInitialMs = positive(
    "backoff.initialMs",
    options.backoff?.initialMs,
    DEFAULT_BACKOFF_INITIAL_MS,
  );
  const backoffMaxMs = positive(
    "backoff.maxMs",
    options.backoff?.maxMs,
    Math.max(DEFAULT_BACKOFF_MAX_MS, backoffInitialMs),
  );
  if (backoffMaxMs < backoffInitialMs) {
    throw new RangeError(
      `backoff.maxMs (${backoffMaxMs}) must not be below backoff.initialMs (${backoffInitialMs})`,
    );
  }
  const WebSocket = options.WebSocket ?? platform.WebSocket;
  if (typeof WebSocket !== "function") {
    throw new TypeError(
      "WebSocket: this platform has no global WebSocket (Node.js before 22); pass the " +
        "WebSocket option, for example WebSocket from the ws package",
    );
  }
  return Object.freeze({
    urls: Object.freeze([...urls]),
    token: options.token,
    getToken: options.getToken,
    user: options.user,
    commandTimeoutMs: positive(
      "commandTimeoutMs",
      options.commandTimeoutMs,
      DEFAULT_COMMAND_TIMEOUT_MS,
    ),
    connectTimeoutMs: positive(
      "connectTimeoutMs",
      options.connectTimeoutMs,
      DEFAULT_CONNECT_TIMEOUT_MS,
    ),
    backoffInitialMs,
    backoffMaxMs,
    reconnect: options.reconnect ?? true,
    WebSocket,
  });
}

/**
 * The URL to open: `url` with the credentials as query parameters, as the protocol asks
 * (browsers cannot set an Authorization header on a WebSocket).
 */
export function connectUrl(
  url: string,
  token: string | undefined,
  user: string | undefined,
): string {
  const params: string[] = [];
  if (token !== undefined) {
    params.push("token=" + encodeURIComponent(token));
  }
  if (user !== undefined) {
    params.push("user=" + encodeURIComponent(user));
  }
  if (params.length === 0) {
    return url;
  }
  const hash = url.indexOf("#");
  const base = hash >= 0 ? url.slice(0, hash) : url;
  return base + (base.includes("?") ? "&" : "?") + params.join("&");
}

/** The URL for state events and messages: without its query, which may hold a token. */
export function displayUrl(url: string): string {
  return url.replace(/[?#].*$/, "");
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${show(value)}`);
  }
  return value;
}

function show(value: unknown): string {
  if (typeof value === "function") {
    return "a function";
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
