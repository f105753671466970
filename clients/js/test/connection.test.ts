import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RedcastClient, RedcastError, type StateChange } from "../src/index.js";
import { FakeServer } from "./support/fake-websocket.js";
import { harness, recorder, settle, withCode } from "./support/harness.js";

describe("connecting", () => {
  test("connect opens the first URL with the credentials and the subprotocol, and resolves with the welcome", async () => {
    const { client, server } = harness({
      urls: ["ws://one.test/ws?app=x"],
      token: "s3 cret&",
      user: "wael",
    });
    const states = recorder<StateChange>();
    client.on("state", states);
    assert.equal(client.state, "disconnected");
    const connected = client.connect();
    assert.equal(client.connect(), connected, "a second connect() returns the same promise");

    const socket = server.last;
    assert.equal(socket.url, "ws://one.test/ws?app=x&token=s3%20cret%26&user=wael");
    assert.deepEqual(socket.protocols, ["redcast.v1"]);
    assert.equal(client.state, "connecting");
    socket.open();
    socket.assertNothingSent(); // nothing goes out before the welcome
    socket.welcome({ client: "c7", ping_interval: 0 });

    const welcome = await connected;
    assert.equal(welcome.client, "c7");
    assert.equal(client.state, "connected");
    assert.equal(client.welcome, welcome);
    assert.deepEqual(
      states.values.map((s) => [s.previous, s.state]),
      [
        ["disconnected", "connecting"],
        ["connecting", "connected"],
      ],
    );
    assert.equal(states.values[0]!.url, "ws://one.test/ws");
    socket.assertNothingSent();
  });

  test("getToken is asked before every connection attempt", async () => {
    let n = 0;
    const { client, server, clock } = harness({
      token: undefined,
      getToken: async () => `jwt-${++n}`,
    });
    void client.connect();
    await settle();
    assert.match(server.last.url, /token=jwt-1$/);
    server.last.welcome();
    server.last.serverClose(1006);
    clock.advance(clock.nextDelay()!);
    await settle();
    assert.match(server.last.url, /token=jwt-2$/);
    assert.equal(server.sockets.length, 2);
  });

  test("a failing getToken fails the attempt like a refused connection", async () => {
    const { client, server } = harness({
      token: undefined,
      getToken: () => Promise.reject(new Error("session expired")),
    });
    await assert.rejects(client.connect(), (e: unknown) => {
      assert.ok(e instanceof RedcastError);
      assert.equal(e.code, "connect_failed");
      assert.match(e.message, /session expired/);
      return true;
    });
    assert.equal(server.sockets.length, 0);
    assert.equal(client.state, "closed");
  });

  test("the first connection tries each URL once, then rejects and closes", async () => {
    const { client, server, clock } = harness({ urls: ["ws://one.test/ws", "ws://two.test/ws"] });
    const connected = client.connect();
    server.last.serverClose(1006);
    assert.equal(server.last.url, "ws://two.test/ws?token=s3cret");
    server.last.serverClose(1006);
    await assert.rejects(connected, withCode("connect_failed"));
    assert.equal(client.state, "closed");
    clock.advance(60_000);
    assert.equal(server.sockets.length, 2, "no retry after the first connection failed everywhere");
  });

  test("a second URL that answers completes the first connection", async () => {
    const { client, server } = harness({ urls: ["ws://one.test/ws", "ws://two.test/ws"] });
    const connected = client.connect();
    server.last.serverClose(1006);
    server.last.welcome({ node: "n2" });
    assert.equal((await connected).node, "n2");
  });

  test("an error before the socket opens fails the attempt at once, and its close is ignored", async () => {
    const { client, server, clock } = harness({ urls: ["ws://one.test/ws", "ws://two.test/ws"] });
    const connected = client.connect();
    const refused = server.last;
    const lateClose = refused.onclose;
    refused.error("Unexpected server response: 401");
    assert.equal(server.sockets.length, 2, "the next URL is tried without waiting for a timeout");
    assert.deepEqual(refused.closedWith, { code: 1000, reason: "" });
    lateClose?.({ code: 1006, reason: "" }); // what a browser sends after the error
    assert.equal(server.sockets.length, 2);
    server.last.error();
    await assert.rejects(connected, (e: unknown) => {
      assert.ok(e instanceof RedcastError);
      assert.equal(e.code, "connect_failed");
      assert.equal(e.message, "cannot connect to ws://two.test/ws");
      return true;
    });
    clock.advance(60_000);
    assert.equal(server.sockets.length, 2);
  });

  test("an error after the socket opened waits for its close event", () => {
    const { client, server } = harness();
    void client.connect();
    server.last.welcome();
    server.last.error();
    assert.equal(client.state, "connected");
    server.last.serverClose(1006);
    assert.equal(client.state, "disconnected");
  });

  test("no welcome within connectTimeoutMs fails the connection", async () => {
    const { client, server, clock } = harness({ connectTimeoutMs: 2000 });
    const connected = client.connect();
    server.last.open(""); // a server that did not agree to redcast.v1 sends no welcome
    clock.advance(1999);
    assert.equal(client.state, "connecting");
    clock.advance(1);
    await assert.rejects(connected, withCode("connect_failed"));
    assert.deepEqual(server.last.closedWith, { code: 1000, reason: "" });
  });

  test("a constructor that throws (a bad URL for the platform) fails the attempt", async () => {
    const client = new RedcastClient({
      urls: ["ws://one.test/ws"],
      WebSocket: class {
        constructor() {
          throw new SyntaxError("bad URL");
        }
      } as never,
    });
    await assert.rejects(
      client.connect(),
      (e: unknown) => e instanceof RedcastError && /bad URL/.test(e.message),
    );
  });

  test("options are checked when the client is made", () => {
    const server = new FakeServer();
    const make = (o: object) => () =>
      new RedcastClient({ urls: ["ws://h/ws"], WebSocket: server.WebSocket, ...o });
    assert.throws(make({ urls: [] }), /urls must be a non-empty array/);
    assert.throws(make({ urls: ["http://h/ws"] }), /ws:\/\/ or wss:\/\//);
    assert.throws(make({ token: "a", getToken: () => "b" }), /alternatives/);
    assert.throws(
      make({ commandTimeoutMs: 0 }),
      /commandTimeoutMs must be a positive number of milliseconds, got 0/,
    );
    assert.throws(
      make({ backoff: { initialMs: 1000, maxMs: 10 } }),
      /backoff.maxMs \(10\) must not be below backoff.initialMs \(1000\)/,
    );
    assert.doesNotThrow(make({ urls: ["wss://h:8443/ws"], backoff: { initialMs: 100 } }));
  });

  test("without a WebSocket option a platform without one is told what to pass", () => {
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    delete g.WebSocket; // Node 18-21 have none
    try {
      assert.throws(() => new RedcastClient({ urls: ["ws://h/ws"] }), /ws package/);
    } finally {
      if (saved !== undefined) {
        g.WebSocket = saved;
      }
    }
  });
});

describe("reconnecting", () => {
  for (const code of [1001, 1006, 1011, 4000, 4008, 4011, 4499]) {
    test(`close code ${code} reconnects after a backoff delay, on the next URL`, async () => {
      const { client, server, clock, randoms } = harness({
        urls: ["ws://one.test/ws", "ws://two.test/ws"],
        backoff: { initialMs: 500, maxMs: 30_000 },
      });
      const states = recorder<StateChange>();
      client.on("state", states);
      void client.connect();
      server.last.welcome();
      randoms.push(0); // the top of the first window: 2 * 500
      server.last.serverClose(code, "bye");
      assert.equal(client.state, "disconnected");
      const waiting = states.values[states.values.length - 1]!;
      assert.deepEqual(
        {
          attempt: waiting.attempt,
          delayMs: waiting.delayMs,
          closeCode: waiting.closeCode,
          reason: waiting.reason,
        },
        { attempt: 1, delayMs: 1000, closeCode: code, reason: "bye" },
      );
      clock.advance(999);
      assert.equal(server.sockets.length, 1);
      clock.advance(1);
      assert.equal(server.sockets.length, 2);
      assert.equal(server.last.url, "ws://two.test/ws?token=s3cret");
      assert.equal(client.state, "connecting");
    });
  }

  for (const code of [1000, 1009, 4500, 4503, 4509, 4999]) {
    test(`close code ${code} is terminal: the client closes and does not reconnect`, async () => {
      const { client, server, clock } = harness();
      const states = recorder<StateChange>();
      client.on("state", states);
      void client.connect();
      server.last.welcome();
      server.last.serverClose(code, "go away");
      assert.equal(client.state, "closed");
      const closed = states.values[states.values.length - 1]!;
      assert.equal(closed.closeCode, code);
      assert.equal(closed.error?.code, "closed");
      assert.equal(closed.error?.closeCode, code);
      clock.advance(10 * 60_000);
      assert.equal(server.sockets.length, 1);
      await assert.rejects(client.publish("a", "b"), withCode("closed"));
    });
  }

  test("delays grow with each failed attempt and start over after a welcome", async () => {
    const { client, server, clock, randoms } = harness({
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const delays = recorder<StateChange>();
    client.on("state", (s) => s.delayMs !== undefined && delays(s));
    void client.connect();
    server.last.welcome();
    for (let i = 0; i < 5; i++) {
      randoms.push(0); // every delay at the top of its window
      server.last.serverClose(1006);
      clock.advance(clock.nextDelay()!);
    }
    server.last.welcome();
    randoms.push(0);
    server.last.serverClose(1006);
    assert.deepEqual(
      delays.values.map((s) => [s.attempt, s.delayMs]),
      [
        [1, 200],
        [2, 400],
        [3, 800],
        [4, 1000],
        [5, 1000],
        [1, 200],
      ],
    );
  });

  test("reconnect: false ends the client on any lost connection", () => {
    const { client, server } = harness({ reconnect: false });
    void client.connect();
    server.last.welcome();
    server.last.serverClose(1006);
    assert.equal(client.state, "closed");
  });

  test("a silent server is pinged, and a missing pong reconnects", async () => {
    const { client, server, clock } = harness({ commandTimeoutMs: 3000 });
    void client.connect();
    const first = server.last;
    first.welcome({ ping_interval: 10 });
    clock.advance(5000);
    first.receive({ type: "pong" }); // traffic: the next check finds the server alive
    clock.advance(5000);
    first.assertNothingSent();
    clock.advance(10_000);
    const ping = first.next();
    assert.equal(ping["type"], "ping");
    first.receive({ type: "pong", id: ping["id"] as number });
    clock.advance(10_000);
    assert.equal(first.next()["type"], "ping");
    clock.advance(3000); // no pong
    assert.deepEqual(first.closedWith, { code: 1000, reason: "no pong" });
    assert.equal(client.state, "disconnected");
    clock.advance(clock.nextDelay()!);
    assert.equal(server.sockets.length, 2);
  });
});

describe("closing", () => {
  test("close() closes with 1000, rejects what waits, and ignores later events", async () => {
    const { client, server, clock } = harness();
    const states = recorder<StateChange>();
    void client.connect();
    server.last.welcome();
    const published = client.publish("general", "hi");
    client.on("state", states);
    const lateClose = server.last.onclose; // a platform may still fire the old socket's close
    client.close();
    client.close(); // safe twice
    assert.deepEqual(server.last.closedWith, { code: 1000, reason: "client closed" });
    await assert.rejects(published, withCode("closed"));
    assert.equal(client.state, "closed");
    assert.deepEqual(
      states.values.map((s) => [s.state, s.closeCode, s.error]),
      [["closed", 1000, undefined]],
    );
    lateClose?.({ code: 1006, reason: "" });
    clock.advance(60_000);
    assert.equal(server.sockets.length, 1);
    await assert.rejects(client.connect(), withCode("closed"));
    assert.throws(() => client.subscribe("a"), withCode("closed"));
  });

  test("close() while waiting to reconnect cancels the reconnect", () => {
    const { client, server, clock } = harness();
    void client.connect();
    server.last.welcome();
    server.last.serverClose(1006);
    client.close();
    clock.advance(60_000);
    assert.equal(server.sockets.length, 1);
    assert.equal(client.state, "closed");
  });

  test("close() before the welcome rejects connect()", async () => {
    const { client, server } = harness();
    const connected = client.connect();
    client.close();
    await assert.rejects(connected, withCode("closed"));
    assert.equal(server.last.closedWith?.code, 1000);
  });
});
