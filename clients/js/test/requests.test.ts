import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RedcastError, type Message } from "../src/index.js";
import { MAX_PENDING_REQUESTS } from "../src/internal/core.js";
import { answer, connected, harness, recorder, settle, withCode } from "./support/harness.js";

describe("requests", () => {
  test("every command carries a fresh id and replies are matched by id, even out of order", async () => {
    const { client, socket } = connected();
    const p1 = client.publish("general", "one");
    const p2 = client.presence("general");
    const c1 = socket.next();
    const c2 = socket.next();
    assert.deepEqual(c1, { type: "publish", id: c1["id"], channel: "general", payload: "one" });
    assert.deepEqual(c2, { type: "presence", id: c2["id"], channel: "general" });
    assert.notEqual(c1["id"], c2["id"]);
    socket.receive({
      type: "presence",
      id: c2["id"],
      channel: "general",
      users: [{ user: "wael", connections: 1 }],
    });
    socket.receive({
      type: "published",
      id: c1["id"],
      channel: "general",
      offset: 43,
      epoch: "6b01",
    });
    assert.deepEqual(await p1, { offset: 43, epoch: "6b01" });
    assert.deepEqual(await p2, { channel: "general", users: [{ user: "wael", connections: 1 }] });
  });

  test("history, channels and ping send their commands and decode their replies", async () => {
    const { client, socket, clock } = connected();
    const page = client.history("chat:1", { limit: 2, before: 40 });
    const c = answer(socket, {
      type: "history",
      channel: "chat:1",
      messages: [{ payload: "a", offset: 38, epoch: "e" }],
    });
    assert.deepEqual(c, { type: "history", id: c["id"], channel: "chat:1", limit: 2, before: 40 });
    assert.deepEqual((await page).messages, [
      { channel: "chat:1", payload: "a", offset: 38, epoch: "e" },
    ]);

    const list = client.channels();
    answer(socket, {
      type: "channels",
      channels: [{ name: "general", description: "talk", subscribers: 2 }],
    });
    assert.deepEqual(await list, [{ name: "general", description: "talk", subscribers: 2 }]);

    const rtt = client.ping();
    const ping = socket.next();
    assert.equal(ping["type"], "ping");
    clock.advance(12);
    socket.receive({ type: "pong", id: ping["id"] });
    assert.equal(await rtt, 12);
    socket.assertNothingSent();
  });

  test("an error frame rejects the matching request with the wire code and message", async () => {
    const { client, socket } = connected();
    const p = client.publish("news", "x");
    answer(socket, {
      type: "error",
      code: "forbidden",
      message: "clients may not publish to news",
    });
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof RedcastError);
      assert.equal(e.name, "RedcastError");
      assert.equal(e.code, "forbidden");
      assert.equal(e.message, "clients may not publish to news");
      return true;
    });
  });

  test("a publish with an idempotency key sends it; outcome_unknown and a replay reach the caller", async () => {
    const { client, socket } = connected();
    const first = client.publish("orders", "paid", { idempotencyKey: "k-1" });
    const sent = socket.next();
    assert.equal(sent["idempotency_key"], "k-1");
    socket.receive({
      type: "error",
      id: sent["id"],
      code: "outcome_unknown",
      message: "it may have been applied",
    });
    await assert.rejects(first, withCode("outcome_unknown"));
    const retry = client.publish("orders", "paid", { idempotencyKey: "k-1" });
    answer(socket, { type: "published", offset: 7, epoch: "e", replayed: true });
    assert.deepEqual(await retry, { offset: 7, epoch: "e", replayed: true });
    assert.throws(() => client.publish("orders", "paid", { idempotencyKey: "a b" }), TypeError);
    assert.throws(
      () => client.publish("orders", "paid", { idempotencyKey: "k".repeat(129) }),
      TypeError,
    );
    socket.assertNothingSent();
  });

  test("a reply of the wrong type rejects the request as a bad frame", async () => {
    const { client, socket } = connected();
    const p = client.publish("a", "b");
    answer(socket, { type: "pong" });
    await assert.rejects(p, withCode("bad_frame"));
  });

  test("no reply within commandTimeoutMs rejects with timeout, and a late reply is ignored", async () => {
    const { client, socket, clock } = connected({ commandTimeoutMs: 5000 });
    const errors = recorder<RedcastError>();
    client.on("error", errors);
    const p = client.publish("a", "b");
    const c = socket.next();
    clock.advance(4999);
    let done = false;
    p.catch(() => (done = true));
    await settle();
    assert.equal(done, false);
    clock.advance(1);
    await assert.rejects(
      p,
      (e: unknown) =>
        withCode("timeout")(e) && /no reply to publish #\d+ within 5000 ms/.test(String(e)),
    );
    socket.receive({ type: "published", id: c["id"] });
    assert.deepEqual(errors.values, []);
    assert.equal(client.state, "connected");
  });

  test("requests need a connection: they reject at once while connecting or reconnecting", async () => {
    const { client, server } = harness();
    await assert.rejects(client.publish("a", "b"), withCode("disconnected"));
    void client.connect();
    await assert.rejects(client.ping(), withCode("disconnected"));
    server.last.welcome();
    const pending = client.publish("a", "b");
    server.last.serverClose(1006);
    await assert.rejects(
      pending,
      (e: unknown) => withCode("disconnected")(e) && (e as RedcastError).closeCode === 1006,
    );
    await assert.rejects(client.channels(), withCode("disconnected"));
  });

  test("too many requests waiting at once are refused", async () => {
    const { client } = connected();
    for (let i = 0; i < MAX_PENDING_REQUESTS; i++) {
      void client.ping().catch(() => {});
    }
    await assert.rejects(client.ping(), withCode("too_many_requests"));
    client.close();
  });

  test("wrong arguments throw at once", () => {
    const { client } = connected();
    assert.throws(() => client.publish(" ", "x"), TypeError);
    assert.throws(() => client.publish("a", 42 as unknown as string), TypeError);
    assert.throws(() => client.history("a", { limit: 0 }), RangeError);
    assert.throws(() => client.history("a", { before: -1 }), RangeError);
    assert.throws(() => client.subscribe("a", { history: -1 }), RangeError);
    assert.throws(
      () => client.subscribe("a.*", { pattern: true, since: { offset: 1, epoch: "e" } }),
      TypeError,
    );
  });
});

describe("frames from the server", () => {
  test("bad frames are reported and the connection stays", async () => {
    const { client, socket } = connected();
    const errors = recorder<RedcastError>();
    client.on("error", errors);
    socket.receive("not json");
    socket.receive({ type: "message", payload: "no channel" });
    socket.onmessage?.({ data: new Uint8Array([1, 2]) });
    assert.deepEqual(
      errors.values.map((e) => e.code),
      ["bad_frame", "bad_frame", "bad_frame"],
    );
    assert.equal(client.state, "connected");
    const p = client.publish("a", "b");
    answer(socket, { type: "published" });
    assert.deepEqual(await p, {});
  });

  test("an error frame that answers no request is reported", () => {
    const { client, socket } = connected();
    const errors = recorder<RedcastError>();
    client.on("error", errors);
    socket.receive({ type: "error", code: "too_many_requests", message: "slow down" });
    assert.deepEqual(
      errors.values.map((e) => [e.code, e.message]),
      [["too_many_requests", "slow down"]],
    );
  });

  test("messages on channels the server added reach the client's message listeners", () => {
    const { client, socket } = connected();
    const messages = recorder<Message>();
    client.on("message", messages);
    socket.receive({
      type: "message",
      channel: "mempool:tx_analysis",
      payload: '{"tx_hash":"0x1"}',
    });
    assert.deepEqual(messages.values, [
      { channel: "mempool:tx_analysis", payload: '{"tx_hash":"0x1"}' },
    ]);
  });

  test("a listener that throws is reported and the others still hear the message", () => {
    const { client, socket } = connected();
    const errors = recorder<RedcastError>();
    const messages = recorder<Message>();
    client.on("error", errors);
    client.on("message", () => {
      throw new Error("bug in the app");
    });
    client.on("message", messages);
    client.subscribe("general", () => {
      throw new Error("bug in the subscription listener");
    });
    answer(socket, { type: "subscribed", channel: "general" });
    socket.receive({ type: "message", channel: "general", payload: "hi" });
    assert.equal(messages.values.length, 1);
    assert.deepEqual(
      errors.values.map((e) => [e.code, e.message, (e.cause as Error).message]),
      [
        [
          "listener_failed",
          "a subscription message listener threw: bug in the subscription listener",
          "bug in the subscription listener",
        ],
        ["listener_failed", "a message listener threw: bug in the app", "bug in the app"],
      ],
    );
  });

  test("a listener may unsubscribe, and its subscription hears nothing more", () => {
    const { client, socket } = connected();
    const seen: string[] = [];
    const sub = client.subscribe("general", (m) => {
      seen.push(m.payload!);
      if (m.payload === "stop") {
        void sub.unsubscribe();
      }
    });
    client.on("message", (m) => seen.push("client:" + m.payload));
    answer(socket, { type: "subscribed", channel: "general" });
    socket.receive({ type: "message", channel: "general", payload: "stop" });
    socket.receive({ type: "message", channel: "general", payload: "after" });
    // The subscription's listener hears nothing after unsubscribe; the server may still send a
    // message until it has the unsubscribe, which the client-level listeners get like any other.
    assert.deepEqual(seen, ["stop", "client:stop", "client:after"]);
    assert.deepEqual(socket.next(), { type: "unsubscribe", id: 2, channel: "general" });
    assert.equal(sub.state, "unsubscribed");
  });
});
