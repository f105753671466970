import { RedcastError } from "../errors.js";
import type {
  ChannelInfo,
  HistoryPage,
  Message,
  Presence,
  PresenceEvent,
  PresenceUser,
  PublishResult,
  StreamPosition,
  Subscribed,
  Welcome,
} from "../types.js";
import { platform } from "./platform.js";

/**
 * The JSON of wire protocol v1: the commands this client sends and the frames the server sends
 * back (PROTOCOL.md sections 2 and 3). Decoding is lenient where the protocol allows (unknown
 * fields are ignored, optional fields may be missing) and strict where a wrong value would
 * mislead the application (a message without a channel, a payload that is not base64): those
 * throw a {@link RedcastError} with code `bad_frame`.
 */

/** A parsed server frame: a JSON object with a string `type`. */
export type Frame = { readonly type: string } & Readonly<Record<string, unknown>>;

/** A command as sent: a JSON object with `type` and the request `id`. */
export type Command = { type: string; id: number } & Record<string, unknown>;

// ---- commands ----

export function command(type: string, id: number): Command {
  return { type, id };
}

/**
 * A subscribe command.
 *
 * @param since the position to recover from, or undefined
 * @param history how many past messages to ask for; left out when `since` is set
 */
export function subscribeCommand(
  id: number,
  channel: string,
  options: { readonly pattern: boolean; readonly persist: boolean },
  since: StreamPosition | undefined,
  history: number,
): Command {
  const c = command("subscribe", id);
  c["channel"] = channel;
  if (options.pattern) {
    c["pattern"] = true;
  }
  if (options.persist) {
    c["persist"] = true;
  }
  if (since) {
    c["since"] = { offset: since.offset, epoch: since.epoch };
  } else if (history > 0) {
    c["history"] = history;
  }
  return c;
}

export function unsubscribeCommand(id: number, channel: string, pattern: boolean): Command {
  const c = command("unsubscribe", id);
  c["channel"] = channel;
  if (pattern) {
    c["pattern"] = true;
  }
  return c;
}

export function publishCommand(
  id: number,
  channel: string,
  payload: string,
  idempotencyKey?: string,
): Command {
  const c: Command = { ...command("publish", id), channel, payload };
  if (idempotencyKey !== undefined) {
    c["idempotency_key"] = idempotencyKey;
  }
  return c;
}

export function historyCommand(
  id: number,
  channel: string,
  limit: number | undefined,
  before: number | undefined,
): Command {
  const c = command("history", id);
  c["channel"] = channel;
  if (limit !== undefined) {
    c["limit"] = limit;
  }
  if (before !== undefined) {
    c["before"] = before;
  }
  return c;
}

export function presenceCommand(id: number, channel: string): Command {
  return { ...command("presence", id), channel };
}

export function refreshCommand(id: number, token: string): Command {
  return { ...command("refresh", id), token };
}

/** One line of JSON, as one WebSocket text frame. */
export function encode(c: Command): string {
  return JSON.stringify(c);
}

/** The reply type a command expects; an `error` frame may come instead. */
export function replyType(commandType: string): string {
  switch (commandType) {
    case "subscribe":
      return "subscribed";
    case "unsubscribe":
      return "unsubscribed";
    case "publish":
      return "published";
    case "ping":
      return "pong";
    case "refresh":
      return "refreshed";
    default:
      return commandType; // history, presence, channels reply with their own name
  }
}

// ---- server frames ----

/** Parses one text frame; throws `bad_frame` unless it is a JSON object with a string `type`. */
export function parse(text: string): Frame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badFrame("frame is not JSON: " + abbreviate(text));
  }
  if (!isObject(value) || typeof value["type"] !== "string") {
    throw badFrame("frame has no string 'type': " + abbreviate(text));
  }
  return value as Frame;
}

/** The frame's request `id`, or undefined when it carries none. */
export function frameId(frame: Frame): number | undefined {
  return integer(frame, "id");
}

export function welcome(frame: Frame): Welcome {
  const seconds = typeof frame["ping_interval"] === "number" ? frame["ping_interval"] : 0;
  return {
    client: text(frame, "client") ?? "",
    user: text(frame, "user") ?? "",
    node: text(frame, "node") ?? "",
    version: text(frame, "version") ?? "",
    pingIntervalMs: Math.max(0, seconds) * 1000,
    subscriptions: strings(frame["subscriptions"]),
  };
}

/**
 * A `message` frame or an element of a `messages` array.
 *
 * @param defaultChannel the channel to assume when the element names none (replies may leave
 *     it out); undefined to require one
 */
export function message(node: unknown, defaultChannel?: string): Message {
  if (!isObject(node)) {
    throw badFrame("message is not an object: " + abbreviate(JSON.stringify(node) ?? ""));
  }
  const channel = text(node, "channel") ?? defaultChannel;
  if (channel === undefined) {
    throw badFrame("message without a channel: " + abbreviate(JSON.stringify(node)));
  }
  const m: { -readonly [K in keyof Message]: Message[K] } = { channel };
  const payload = node["payload"];
  if (payload !== undefined && payload !== null) {
    // The protocol sends a string; a server that embeds JSON as a value still gets read.
    m.payload = typeof payload === "string" ? payload : JSON.stringify(payload);
  } else if (typeof node["payload_b64"] === "string") {
    m.binaryPayload = base64(node["payload_b64"], channel);
  } else {
    m.payload = "";
  }
  copyText(node, "timestamp", m);
  const offset = integer(node, "offset");
  if (offset !== undefined) {
    m.offset = offset;
  }
  copyText(node, "epoch", m);
  copyText(node, "from", m);
  copyText(node, "pattern", m);
  return m;
}

/** A `refreshed` reply: the new token's expiry, when the server said. */
export function refreshed(frame: Frame): { expiresAt?: string } {
  const expiresAt = text(frame, "expires_at");
  return expiresAt === undefined ? {} : { expiresAt };
}

export function published(frame: Frame): PublishResult {
  const result: { offset?: number; epoch?: string; replayed?: boolean } = withPosition({}, frame);
  if (frame["replayed"] === true) {
    result.replayed = true;
  }
  return result;
}

/**
 * A `subscribed` reply.
 *
 * @param channel the channel (or pattern) subscribed to, for a reply that does not repeat it
 */
export function subscribed(frame: Frame, channel: string, pattern: boolean): Subscribed {
  const ch = text(frame, "channel") ?? channel;
  const isPattern = typeof frame["pattern"] === "boolean" ? frame["pattern"] : pattern;
  const reply: { -readonly [K in keyof Subscribed]: Subscribed[K] } = {
    channel: ch,
    pattern: isPattern,
    messages: messages(frame["messages"], isPattern ? undefined : ch),
  };
  if (typeof frame["recovered"] === "boolean") {
    reply.recovered = frame["recovered"];
  }
  return withPosition(reply, frame);
}

export function historyPage(frame: Frame, channel: string): HistoryPage {
  const ch = text(frame, "channel") ?? channel;
  const page: { -readonly [K in keyof HistoryPage]: HistoryPage[K] } = {
    channel: ch,
    messages: messages(frame["messages"], ch),
  };
  return withPosition(page, frame);
}

/** A `presence` reply; users may be names or objects with a `user` field. */
export function presence(frame: Frame, channel: string): Presence {
  const users: PresenceUser[] = [];
  for (const u of array(frame["users"])) {
    if (typeof u === "string") {
      users.push({ user: u });
    } else if (isObject(u)) {
      const name = text(u, "user") ?? text(u, "name");
      if (name === undefined) {
        continue;
      }
      const entry: { -readonly [K in keyof PresenceUser]: PresenceUser[K] } = { user: name };
      const connections = integer(u, "connections");
      if (connections !== undefined) {
        entry.connections = connections;
      }
      if (u["info"] !== undefined) {
        entry.info = u["info"];
      }
      users.push(entry);
    }
  }
  return { channel: text(frame, "channel") ?? channel, users };
}

export function channels(frame: Frame): ChannelInfo[] {
  const result: ChannelInfo[] = [];
  for (const c of array(frame["channels"])) {
    if (typeof c === "string") {
      result.push({ name: c, description: "" });
    } else if (isObject(c) && text(c, "name") !== undefined) {
      const info: { -readonly [K in keyof ChannelInfo]: ChannelInfo[K] } = {
        name: text(c, "name")!,
        description: text(c, "description") ?? "",
      };
      const subscribers = integer(c, "subscribers");
      if (subscribers !== undefined) {
        info.subscribers = subscribers;
      }
      result.push(info);
    }
  }
  return result;
}

/** A `join` or `leave` frame; undefined when it lacks its channel or user. */
export function presenceEvent(frame: Frame): PresenceEvent | undefined {
  const channel = text(frame, "channel");
  const user = text(frame, "user");
  if (channel === undefined || user === undefined) {
    return undefined;
  }
  return frame["info"] !== undefined ? { channel, user, info: frame["info"] } : { channel, user };
}

/** The `offset`/`epoch` a frame or message carries, or undefined unless it has both. */
export function position(node: object): StreamPosition | undefined {
  const { offset, epoch } = node as { readonly offset?: unknown; readonly epoch?: unknown };
  return typeof offset === "number" &&
    Number.isInteger(offset) &&
    offset >= 0 &&
    typeof epoch === "string"
    ? { offset, epoch }
    : undefined;
}

/** An `error` frame as an error carrying the wire code. */
export function error(frame: Frame): RedcastError {
  return new RedcastError(
    text(frame, "code") ?? "internal",
    text(frame, "message") ?? "server error without a message",
  );
}

// ---- helpers ----

function withPosition<T extends { offset?: number; epoch?: string }>(target: T, frame: Frame): T {
  const offset = integer(frame, "offset");
  if (offset !== undefined) {
    target.offset = offset;
  }
  const epoch = text(frame, "epoch");
  if (epoch !== undefined) {
    target.epoch = epoch;
  }
  return target;
}

function messages(value: unknown, defaultChannel: string | undefined): Message[] {
  return array(value).map((m) => message(m, defaultChannel));
}

function strings(value: unknown): string[] {
  return array(value).filter((s): s is string => typeof s === "string");
}

function array(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field; numbers and booleans as text, like the Java client; else undefined. */
function text(node: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const v = node[field];
  return typeof v === "string"
    ? v
    : typeof v === "number" || typeof v === "boolean"
      ? String(v)
      : undefined;
}

function copyText<K extends "timestamp" | "epoch" | "from" | "pattern">(
  node: Readonly<Record<string, unknown>>,
  field: K,
  target: { [P in K]?: string },
): void {
  const v = text(node, field);
  if (v !== undefined) {
    target[field] = v;
  }
}

function integer(node: Readonly<Record<string, unknown>>, field: string): number | undefined {
  const v = node[field];
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

function base64(value: string, channel: string): Uint8Array {
  if (!platform.atob) {
    throw badFrame(`payload_b64 on ${channel}: this platform has no atob`);
  }
  let binary: string;
  try {
    binary = platform.atob(value);
  } catch {
    throw badFrame(`payload_b64 on ${channel} is not base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function badFrame(text: string): RedcastError {
  return new RedcastError("bad_frame", text);
}

function abbreviate(text: string): string {
  return text.length <= 200 ? text : text.slice(0, 200) + "...";
}
