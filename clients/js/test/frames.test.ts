import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RedcastError } from "../src/errors.js";
import * as frames from "../src/internal/frames.js";
import { withCode } from "./support/harness.js";

function badFrame(f: () => unknown): void {
  assert.throws(f, withCode("bad_frame"));
}

describe("commands", () => {
  test("subscribe with since encodes the position and leaves out history", () => {
    const c = frames.subscribeCommand(
      7,
      "chat:1",
      { pattern: false, persist: true },
      { offset: 42, epoch: "e1" },
      20,
    );
    assert.equal(
      frames.encode(c),
      '{"type":"subscribe","id":7,"channel":"chat:1","persist":true,"since":{"offset":42,"epoch":"e1"}}',
    );
  });

  test("subscribe to a pattern, with history", () => {
    assert.deepEqual(
      frames.subscribeCommand(1, "news.*", { pattern: true, persist: false }, undefined, 5),
      {
        type: "subscribe",
        id: 1,
        channel: "news.*",
        pattern: true,
        history: 5,
      },
    );
    assert.deepEqual(
      frames.subscribeCommand(2, "a", { pattern: false, persist: false }, undefined, 0),
      {
        type: "subscribe",
        id: 2,
        channel: "a",
      },
    );
  });

  test("the other commands encode their fields", () => {
    assert.deepEqual(frames.unsubscribeCommand(3, "news.*", true), {
      type: "unsubscribe",
      id: 3,
      channel: "news.*",
      pattern: true,
    });
    assert.deepEqual(frames.unsubscribeCommand(4, "a", false), {
      type: "unsubscribe",
      id: 4,
      channel: "a",
    });
    assert.equal(
      frames.encode(frames.publishCommand(5, "chat:1", 'say "hi"\n')),
      '{"type":"publish","id":5,"channel":"chat:1","payload":"say \\"hi\\"\\n"}',
    );
    assert.equal(
      frames.encode(frames.publishCommand(5, "chat:1", "p", "k-1")),
      '{"type":"publish","id":5,"channel":"chat:1","payload":"p","idempotency_key":"k-1"}',
    );
    assert.deepEqual(frames.historyCommand(6, "chat:1", 20, 40), {
      type: "history",
      id: 6,
      channel: "chat:1",
      limit: 20,
      before: 40,
    });
    assert.deepEqual(frames.historyCommand(7, "chat:1", undefined, undefined), {
      type: "history",
      id: 7,
      channel: "chat:1",
    });
    assert.deepEqual(frames.presenceCommand(8, "general"), {
      type: "presence",
      id: 8,
      channel: "general",
    });
    assert.deepEqual(frames.command("channels", 9), { type: "channels", id: 9 });
  });

  test("reply types follow the protocol", () => {
    assert.equal(frames.replyType("subscribe"), "subscribed");
    assert.equal(frames.replyType("unsubscribe"), "unsubscribed");
    assert.equal(frames.replyType("publish"), "published");
    assert.equal(frames.replyType("ping"), "pong");
    assert.equal(frames.replyType("history"), "history");
    assert.equal(frames.replyType("presence"), "presence");
    assert.equal(frames.replyType("channels"), "channels");
  });
});

describe("server frames", () => {
  test("a message with every field", () => {
    const m = frames.message(
      frames.parse(
        '{"type":"message","channel":"mempool:tx_analysis","payload":"{\\"tx_hash\\":\\"0x123\\"}",' +
          '"timestamp":"2024-01-15T10:30:00.123Z","offset":42,"epoch":"a1b2c3d4","from":"wael","pattern":"mempool:*","extra":1}',
      ),
    );
    assert.deepEqual(m, {
      channel: "mempool:tx_analysis",
      payload: '{"tx_hash":"0x123"}',
      timestamp: "2024-01-15T10:30:00.123Z",
      offset: 42,
      epoch: "a1b2c3d4",
      from: "wael",
      pattern: "mempool:*",
    });
  });

  test("a message from a plain Redis PUBLISH has no offset or sender", () => {
    assert.deepEqual(frames.message({ type: "message", channel: "c", payload: "hi" }), {
      channel: "c",
      payload: "hi",
    });
  });

  test("payload_b64 is decoded to bytes", () => {
    const m = frames.message({ type: "message", channel: "bin", payload_b64: "/wCAYQ==" });
    assert.equal(m.payload, undefined);
    assert.deepEqual(m.binaryPayload, new Uint8Array([0xff, 0x00, 0x80, 0x61]));
  });

  test("bad messages are bad frames", () => {
    badFrame(() => frames.message({ type: "message", payload: "no channel" }));
    badFrame(() => frames.message({ type: "message", channel: "c", payload_b64: "not base64!" }));
    badFrame(() => frames.message("a string"));
  });

  test("parse rejects what is not a frame", () => {
    badFrame(() => frames.parse("not json"));
    badFrame(() => frames.parse("[1,2]"));
    badFrame(() => frames.parse('{"type":7}'));
    badFrame(() => frames.parse("null"));
    assert.equal(frames.parse('{"type":"pong","id":3}').type, "pong");
  });

  test("ids are numbers or absent", () => {
    assert.equal(frames.frameId(frames.parse('{"type":"pong","id":3}')), 3);
    assert.equal(frames.frameId(frames.parse('{"type":"pong"}')), undefined);
    assert.equal(frames.frameId(frames.parse('{"type":"pong","id":"3"}')), undefined);
  });

  test("a welcome, with the ping interval in milliseconds", () => {
    assert.deepEqual(
      frames.welcome(
        frames.parse(
          '{"type":"welcome","client":"c1f9","user":"wael","node":"n-7d2a","version":"1.2.0","ping_interval":25,' +
            '"subscriptions":["mempool:tx_analysis","mempool:ctf_tx"]}',
        ),
      ),
      {
        client: "c1f9",
        user: "wael",
        node: "n-7d2a",
        version: "1.2.0",
        pingIntervalMs: 25_000,
        subscriptions: ["mempool:tx_analysis", "mempool:ctf_tx"],
      },
    );
    assert.equal(frames.welcome(frames.parse('{"type":"welcome"}')).pingIntervalMs, 0);
  });

  test("subscribed with recovered messages fills in their channel", () => {
    const reply = frames.subscribed(
      frames.parse(
        '{"type":"subscribed","id":1,"channel":"chat:1","recovered":true,"offset":12,"epoch":"e",' +
          '"messages":[{"payload":"a","offset":11,"epoch":"e"},{"payload":"b","offset":12,"epoch":"e"}]}',
      ),
      "chat:1",
      false,
    );
    assert.deepEqual(reply, {
      channel: "chat:1",
      pattern: false,
      recovered: true,
      offset: 12,
      epoch: "e",
      messages: [
        { channel: "chat:1", payload: "a", offset: 11, epoch: "e" },
        { channel: "chat:1", payload: "b", offset: 12, epoch: "e" },
      ],
    });
    const plain = frames.subscribed(
      frames.parse('{"type":"subscribed","channel":"news.*","pattern":true}'),
      "news.*",
      true,
    );
    assert.deepEqual(plain, { channel: "news.*", pattern: true, messages: [] });
  });

  test("history, published, presence, channels and error replies", () => {
    assert.deepEqual(
      frames.historyPage(
        frames.parse(
          '{"type":"history","messages":[{"payload":"x","offset":3,"epoch":"e"}],"offset":9,"epoch":"e"}',
        ),
        "c",
      ),
      {
        channel: "c",
        messages: [{ channel: "c", payload: "x", offset: 3, epoch: "e" }],
        offset: 9,
        epoch: "e",
      },
    );
    assert.deepEqual(
      frames.published(frames.parse('{"type":"published","id":1,"offset":43,"epoch":"6b01"}')),
      { offset: 43, epoch: "6b01" },
    );
    assert.deepEqual(frames.published(frames.parse('{"type":"published","id":1}')), {});
    assert.deepEqual(
      frames.published(
        frames.parse('{"type":"published","id":1,"offset":4,"epoch":"e","replayed":true}'),
      ),
      { offset: 4, epoch: "e", replayed: true },
    );
    assert.deepEqual(
      frames.presence(
        frames.parse(
          '{"type":"presence","channel":"general","users":[{"user":"wael","connections":2},' +
            '{"user":"mazen","connections":1,"info":{"color":"red"}},"old-style",{"nobody":1}]}',
        ),
        "general",
      ),
      {
        channel: "general",
        users: [
          { user: "wael", connections: 2 },
          { user: "mazen", connections: 1, info: { color: "red" } },
          { user: "old-style" },
        ],
      },
    );
    assert.deepEqual(
      frames.channels(
        frames.parse(
          '{"type":"channels","channels":[{"name":"general","description":"talk","subscribers":3},"bare",{"x":1}]}',
        ),
      ),
      [
        { name: "general", description: "talk", subscribers: 3 },
        { name: "bare", description: "" },
      ],
    );
    const e = frames.error(
      frames.parse('{"type":"error","id":7,"code":"forbidden","message":"no publishing to news"}'),
    );
    assert.ok(e instanceof RedcastError);
    assert.equal(e.code, "forbidden");
    assert.equal(e.message, "no publishing to news");
    assert.equal(frames.error(frames.parse('{"type":"error"}')).code, "internal");
  });

  test("join and leave need a channel and a user", () => {
    assert.deepEqual(
      frames.presenceEvent(frames.parse('{"type":"join","channel":"general","user":"mazen"}')),
      { channel: "general", user: "mazen" },
    );
    assert.equal(
      frames.presenceEvent(frames.parse('{"type":"leave","channel":"general"}')),
      undefined,
    );
  });

  test("a position needs a whole non-negative offset and an epoch", () => {
    assert.deepEqual(frames.position({ offset: 0, epoch: "e" }), { offset: 0, epoch: "e" });
    assert.equal(frames.position({ offset: 1.5, epoch: "e" }), undefined);
    assert.equal(frames.position({ offset: -1, epoch: "e" }), undefined);
    assert.equal(frames.position({ offset: 3 }), undefined);
  });
});
