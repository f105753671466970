import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RedcastError, type Message, type PresenceEvent, type Subscribed } from "../src/index.js";
import { answer, connected, harness, recorder, settle, withCode } from "./support/harness.js";

describe("subscriptions", () => {
  test("a subscription made before connect is sent after the welcome, with history only the first time", async () => {
    const { client, server, clock } = harness();
    const sub = client.subscribe("chat:1", { history: 20, persist: true }, () => {});
    assert.equal(sub.state, "subscribing");
    void client.connect();
    const first = server.last;
    first.open();
    first.assertNothingSent();
    first.receive({ type: "welcome", client: "c1", user: "u", ping_interval: 0 });
    const c = answer(first, { type: "subscribed", channel: "chat:1" });
    assert.deepEqual(c, {
      type: "subscribe",
      id: c["id"],
      channel: "chat:1",
      persist: true,
      history: 20,
    });
    assert.equal((await sub.ready).channel, "chat:1");
    assert.equal(sub.state, "subscribed");

    first.serverClose(1001);
    assert.equal(sub.state, "subscribing");
    clock.advance(clock.nextDelay()!);
    server.last.welcome();
    const again = server.last.next();
    assert.deepEqual(again, {
      type: "subscribe",
      id: again["id"],
      channel: "chat:1",
      persist: true,
    });
  });

  test("history in the subscribed reply reaches the listener before ready settles and the subscribed event", async () => {
    const { client, socket } = connected();
    const order: string[] = [];
    const sub = client.subscribe(
      "chat:1",
      { history: 2 },
      {
        message: (m) => order.push("message " + m.payload),
        subscribed: (s) => order.push("subscribed " + s.messages.length),
      },
    );
    void sub.ready.then(() => order.push("ready"));
    answer(socket, {
      type: "subscribed",
      channel: "chat:1",
      offset: 8,
      epoch: "e",
      messages: [
        { payload: "a", offset: 7, epoch: "e" },
        { payload: "b", offset: 8, epoch: "e" },
      ],
    });
    await settle();
    assert.deepEqual(order, ["message a", "message b", "subscribed 2", "ready"]);
    assert.deepEqual(sub.position, { offset: 8, epoch: "e" });
  });

  test("a refused subscription rejects ready with the wire code, reports an error event and ends", async () => {
    const { client, socket } = connected();
    const errors = recorder<RedcastError>();
    const sub = client.subscribe("secret", {}, { error: errors });
    answer(socket, { type: "error", code: "forbidden", message: "not for you" });
    await assert.rejects(sub.ready, withCode("forbidden"));
    assert.deepEqual(
      errors.values.map((e) => e.code),
      ["forbidden"],
    );
    assert.equal(sub.state, "unsubscribed");
    client.subscribe("secret"); // it is gone, so subscribing again is allowed
  });

  test("an ignored refusal is not an unhandled rejection", async () => {
    const { client, socket } = connected();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      client.subscribe("secret");
      answer(socket, { type: "error", code: "forbidden", message: "no" });
      await settle();
      await settle();
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("subscribing twice to the same channel is refused; a pattern of the same name is another subscription", () => {
    const { client } = connected();
    client.subscribe("news.*");
    assert.throws(() => client.subscribe("news.*"), withCode("bad_request"));
    client.subscribe("news.*", { pattern: true });
  });

  test("unsubscribe stops delivery at once, is confirmed by the server and is not restored on reconnect", async () => {
    const { client, server, socket, clock } = connected();
    const messages = recorder<Message>();
    const sub = client.subscribe("general", messages);
    answer(socket, { type: "subscribed", channel: "general" });
    const done = sub.unsubscribe();
    socket.receive({ type: "message", channel: "general", payload: "late" });
    answer(socket, { type: "unsubscribed", channel: "general" });
    await done;
    await sub.unsubscribe(); // safe twice
    assert.deepEqual(messages.values, []);
    socket.serverClose(1006);
    clock.advance(clock.nextDelay()!);
    server.last.welcome();
    server.last.assertNothingSent();
  });

  test("unsubscribe before the reply cancels ready", async () => {
    const { client, socket } = connected();
    const sub = client.subscribe("general");
    void sub.unsubscribe();
    await assert.rejects(sub.ready, withCode("cancelled"));
    socket.next(); // the subscribe
    assert.equal(socket.next()["type"], "unsubscribe");
  });

  test("pattern messages go to the pattern subscription, channel messages to the channel's", () => {
    const { client, socket } = connected();
    const byPattern = recorder<Message>();
    const byChannel = recorder<Message>();
    client.subscribe("news.*", { pattern: true }, byPattern);
    answer(socket, { type: "subscribed", channel: "news.*", pattern: true });
    client.subscribe("news.sport", byChannel);
    answer(socket, { type: "subscribed", channel: "news.sport" });
    socket.receive({ type: "message", channel: "news.sport", payload: "p", pattern: "news.*" });
    socket.receive({ type: "message", channel: "news.sport", payload: "c" });
    assert.deepEqual(byPattern.values, [
      { channel: "news.sport", payload: "p", pattern: "news.*" },
    ]);
    assert.deepEqual(byChannel.values, [{ channel: "news.sport", payload: "c" }]);
  });

  test("join and leave reach the channel's subscription and the client", () => {
    const { client, socket } = connected();
    const joins = recorder<PresenceEvent>();
    const leaves = recorder<PresenceEvent>();
    const clientJoins = recorder<PresenceEvent>();
    client.on("join", clientJoins);
    const sub = client.subscribe("general");
    sub.on("join", joins);
    sub.on("leave", leaves);
    answer(socket, { type: "subscribed", channel: "general" });
    socket.receive({ type: "join", channel: "general", user: "mazen" });
    socket.receive({ type: "leave", channel: "general", user: "mazen" });
    socket.receive({ type: "join", channel: "random", user: "wael" });
    assert.deepEqual(joins.values, [{ channel: "general", user: "mazen" }]);
    assert.deepEqual(leaves.values, [{ channel: "general", user: "mazen" }]);
    assert.deepEqual(
      clientJoins.values.map((e) => e.channel),
      ["general", "random"],
    );
  });

  test("a listener removed with off hears nothing more", () => {
    const { client, socket } = connected();
    const messages = recorder<Message>();
    const sub = client.subscribe("general");
    const remove = sub.on("message", messages);
    answer(socket, { type: "subscribed", channel: "general" });
    socket.receive({ type: "message", channel: "general", payload: "1" });
    remove();
    socket.receive({ type: "message", channel: "general", payload: "2" });
    assert.deepEqual(
      messages.values.map((m) => m.payload),
      ["1"],
    );
  });

  test("close() ends every subscription: ready rejects with closed", async () => {
    const { client } = connected();
    const sub = client.subscribe("general");
    client.close();
    await assert.rejects(sub.ready, withCode("closed"));
    assert.equal(sub.state, "unsubscribed");
  });

  test("the subscribed reply is what ready resolves with", async () => {
    const { client, socket } = connected();
    const events = recorder<Subscribed>();
    const sub = client.subscribe("general", {}, { subscribed: events });
    answer(socket, { type: "subscribed", channel: "general", offset: 3, epoch: "e" });
    const reply = await sub.ready;
    assert.deepEqual(reply, {
      channel: "general",
      pattern: false,
      offset: 3,
      epoch: "e",
      messages: [],
    });
    assert.deepEqual(events.values, [reply]);
  });
});
