import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  RedcastError,
  type Message,
  type Recovered,
  type RecoveryFailed,
  type StreamPosition,
  type Subscription,
} from "../src/index.js";
import { MAX_HELD } from "../src/internal/channel-subscription.js";
import type { FakeSocket } from "./support/fake-websocket.js";
import { answer, harness, recorder, type Harness } from "./support/harness.js";

/** A subscription to `channel` with recorders on its events, confirmed on a first connection. */
function subscribed(
  channel = "chat:1",
  options: { since?: StreamPosition; history?: number } = {},
) {
  const h = harness({ urls: ["ws://one.test/ws", "ws://two.test/ws"] });
  const messages = recorder<Message>();
  const recovered = recorder<Recovered>();
  const failed = recorder<RecoveryFailed>();
  const errors = recorder<RedcastError>();
  const sub = h.client.subscribe(channel, options, {
    message: messages,
    recovered,
    recoveryFailed: failed,
    error: errors,
  });
  void h.client.connect();
  h.server.last.welcome({ ping_interval: 0 });
  return { ...h, sub, messages, recovered, failed, errors };
}

function msg(
  channel: string,
  payload: string,
  offset: number,
  epoch = "e1",
): Record<string, unknown> {
  return { type: "message", channel, payload, offset, epoch };
}

/** Loses the connection and lets the client reconnect; returns the new socket, welcomed. */
function reconnect(h: Harness, code = 1006): FakeSocket {
  h.server.last.serverClose(code);
  h.clock.advance(h.clock.nextDelay()!);
  return h.server.last.welcome({ ping_interval: 0 });
}

function payloads(messages: { values: Message[] }): string[] {
  return messages.values.map((m) => m.payload!);
}

describe("recovery", () => {
  test("the last offset seen is tracked and sent as since when resubscribing", () => {
    const h = subscribed();
    const first = h.server.last;
    answer(first, { type: "subscribed", channel: "chat:1", offset: 10, epoch: "e1" });
    first.receive(msg("chat:1", "a", 11));
    first.receive(msg("chat:1", "b", 12));
    assert.deepEqual(h.sub.position, { offset: 12, epoch: "e1" });
    const second = reconnect(h);
    assert.equal(
      second.url,
      "ws://two.test/ws?token=s3cret",
      "the reconnect went to the other node",
    );
    const c = second.next();
    assert.deepEqual(c, {
      type: "subscribe",
      id: c["id"],
      channel: "chat:1",
      since: { offset: 12, epoch: "e1" },
    });
  });

  test("replayed messages come first, in order, then live ones that raced the reply; duplicates are dropped", () => {
    const h = subscribed();
    answer(h.server.last, { type: "subscribed", channel: "chat:1", offset: 10, epoch: "e1" });
    h.server.last.receive(msg("chat:1", "m11", 11));
    const socket = reconnect(h);
    const c = socket.next();
    // Live messages arrive before the reply: one the replay also has, and one after it.
    socket.receive(msg("chat:1", "m13", 13));
    socket.receive(msg("chat:1", "m14", 14));
    assert.deepEqual(payloads(h.messages), ["m11"], "held back until the reply");
    socket.receive({
      type: "subscribed",
      id: c["id"],
      channel: "chat:1",
      recovered: true,
      offset: 13,
      epoch: "e1",
      messages: [
        { payload: "m11", offset: 11, epoch: "e1" }, // already delivered
        { payload: "m12", offset: 12, epoch: "e1" },
        { payload: "m13", offset: 13, epoch: "e1" },
      ],
    });
    socket.receive(msg("chat:1", "m14", 14)); // a duplicate of a held message
    socket.receive(msg("chat:1", "m15", 15));
    assert.deepEqual(payloads(h.messages), ["m11", "m12", "m13", "m14", "m15"]);
    assert.deepEqual(h.recovered.values, [{ channel: "chat:1", missed: 2 }]);
    assert.deepEqual(h.failed.values, []);
    assert.deepEqual(h.sub.position, { offset: 15, epoch: "e1" });
  });

  test("recovered:false fires recoveryFailed and delivery goes on from the channel's current position", () => {
    const h = subscribed();
    answer(h.server.last, { type: "subscribed", channel: "chat:1", offset: 10, epoch: "e1" });
    h.server.last.receive(msg("chat:1", "m11", 11));
    let socket = reconnect(h);
    const c = socket.next();
    socket.receive(msg("chat:1", "live", 3, "e2"));
    socket.receive({
      type: "subscribed",
      id: c["id"],
      channel: "chat:1",
      recovered: false,
      offset: 2,
      epoch: "e2",
    });
    assert.deepEqual(h.failed.values, [{ channel: "chat:1", current: { offset: 2, epoch: "e2" } }]);
    assert.deepEqual(payloads(h.messages), ["m11", "live"]);
    assert.deepEqual(h.sub.position, { offset: 3, epoch: "e2" });
    socket = reconnect(h);
    assert.deepEqual(socket.next()["since"], { offset: 3, epoch: "e2" });
  });

  test("an unrecoverable error to a resubscribe fires recoveryFailed and subscribes again without since", () => {
    const h = subscribed();
    answer(h.server.last, { type: "subscribed", channel: "chat:1" });
    h.server.last.receive(msg("chat:1", "m5", 5));
    const socket = reconnect(h);
    const withSince = answer(socket, {
      type: "error",
      code: "unrecoverable",
      message: "history was lost",
    });
    assert.deepEqual(withSince["since"], { offset: 5, epoch: "e1" });
    assert.deepEqual(h.failed.values, [{ channel: "chat:1" }]);
    const plain = socket.next();
    assert.deepEqual(plain, { type: "subscribe", id: plain["id"], channel: "chat:1" });
    socket.receive({ type: "subscribed", id: plain["id"], channel: "chat:1" });
    assert.equal(h.sub.state, "subscribed");
    assert.deepEqual(h.errors.values, []);
  });

  test("an unrecoverable error on a live subscription is a failed recovery; the next message still arrives", () => {
    const h = subscribed();
    const socket = h.server.last;
    answer(socket, { type: "subscribed", channel: "chat:1", offset: 4, epoch: "e1" });
    socket.receive({
      type: "error",
      code: "unrecoverable",
      channel: "chat:1",
      message: "messages on channel 'chat:1' after offset 4 were lost",
      offset: 9,
      epoch: "e1",
    });
    assert.deepEqual(h.failed.values, [{ channel: "chat:1", current: { offset: 9, epoch: "e1" } }]);
    socket.receive(msg("chat:1", "m9", 9));
    assert.deepEqual(payloads(h.messages), ["m9"]);
  });

  test("a since option recovers on the first subscribe too, instead of asking for history", () => {
    const h = subscribed("chat:1", { since: { offset: 40, epoch: "e1" }, history: 10 });
    const socket = h.server.last;
    const c = socket.next();
    assert.deepEqual(c, {
      type: "subscribe",
      id: c["id"],
      channel: "chat:1",
      since: { offset: 40, epoch: "e1" },
    });
    socket.receive({
      type: "subscribed",
      id: c["id"],
      channel: "chat:1",
      recovered: true,
      messages: [{ payload: "m41", offset: 41, epoch: "e1" }],
    });
    assert.deepEqual(payloads(h.messages), ["m41"]);
    assert.deepEqual(h.recovered.values, [{ channel: "chat:1", missed: 1 }]);
  });

  test("offsets at or before the last one of the same epoch are dropped; a new epoch starts over", () => {
    const h = subscribed();
    const socket = h.server.last;
    answer(socket, { type: "subscribed", channel: "chat:1" });
    for (const [payload, offset, epoch] of [
      ["a", 5, "e1"],
      ["dup", 5, "e1"],
      ["old", 4, "e1"],
      ["b", 6, "e1"],
      ["new epoch", 1, "e2"],
    ] as const) {
      socket.receive(msg("chat:1", payload, offset, epoch));
    }
    socket.receive({ type: "message", channel: "chat:1", payload: "plain publish" });
    assert.deepEqual(payloads(h.messages), ["a", "b", "new epoch", "plain publish"]);
  });

  test("pattern subscriptions keep no position and resubscribe without since", () => {
    const h = harness();
    const messages = recorder<Message>();
    h.client.subscribe("chat:*", { pattern: true }, messages);
    void h.client.connect();
    h.server.last.welcome({ ping_interval: 0 });
    answer(h.server.last, { type: "subscribed", channel: "chat:*", pattern: true });
    h.server.last.receive({ ...msg("chat:1", "a", 5), pattern: "chat:*" });
    h.server.last.receive({ ...msg("chat:1", "again", 5), pattern: "chat:*" });
    const socket = reconnect(h);
    const c = socket.next();
    assert.deepEqual(c, { type: "subscribe", id: c["id"], channel: "chat:*", pattern: true });
    assert.deepEqual(payloads(messages), ["a", "again"]);
  });

  test("a resubscribe the server refuses ends the subscription with an error event", () => {
    const h = subscribed();
    answer(h.server.last, { type: "subscribed", channel: "chat:1" });
    const socket = reconnect(h);
    answer(socket, { type: "error", code: "forbidden", message: "access revoked" });
    assert.deepEqual(
      h.errors.values.map((e) => [e.code, e.message]),
      [["forbidden", "access revoked"]],
    );
    assert.equal(h.sub.state, "unsubscribed");
    const after = reconnect(h);
    after.assertNothingSent();
  });

  test("a subscribe reply that never comes is timed out, unsubscribed and reported", () => {
    const h = harness({ commandTimeoutMs: 1000 });
    const errors = recorder<RedcastError>();
    const sub: Subscription = h.client.subscribe("chat:1", {}, { error: errors });
    void h.client.connect();
    const socket = h.server.last.welcome({ ping_interval: 0 });
    const c = socket.next();
    h.clock.advance(1000);
    assert.deepEqual(
      errors.values.map((e) => e.code),
      ["timeout"],
    );
    const u = socket.next();
    assert.deepEqual(u, { type: "unsubscribe", id: u["id"], channel: "chat:1" });
    assert.notEqual(u["id"], c["id"]);
    assert.equal(sub.state, "unsubscribed");
  });

  test("more live messages than can be held during a recovery make it a failed recovery", () => {
    const h = subscribed();
    answer(h.server.last, { type: "subscribed", channel: "chat:1" });
    h.server.last.receive(msg("chat:1", "m1", 1));
    const socket = reconnect(h);
    const c = socket.next();
    for (let i = 0; i <= MAX_HELD; i++) {
      socket.receive(msg("chat:1", "live", 100 + i));
    }
    const head = 100 + MAX_HELD;
    socket.receive({
      type: "subscribed",
      id: c["id"],
      channel: "chat:1",
      recovered: true,
      offset: head,
      epoch: "e1",
      messages: [],
    });
    assert.deepEqual(h.failed.values, [
      { channel: "chat:1", current: { offset: head, epoch: "e1" } },
    ]);
    socket.receive(msg("chat:1", "after", head + 1));
    // What was held is at or before the head the application reloads from, so it is not delivered.
    assert.deepEqual(payloads(h.messages), ["m1", "after"]);
  });
});
