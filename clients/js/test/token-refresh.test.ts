import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RedcastError, TokenRefreshed } from "../src/index.js";
import { jwtExpiryMs } from "../src/internal/jwt.js";
import { ManualScheduler } from "./support/manual-scheduler.js";
import { answer, harness, jwt, recorder, settle, type Harness } from "./support/harness.js";

/**
 * A connected client whose getToken hands out a fresh JWT on every call (numbered by an `n`
 * claim), each valid for `lifetimeMs`, or throws on the calls `getTokenFails` picks; `issued`
 * lists the tokens handed out.
 */
async function withFreshTokens(lifetimeMs: number, getTokenFails?: (n: number) => boolean) {
  const issued: string[] = [];
  let calls = 0;
  const h: Harness = harness({
    token: undefined,
    getToken: () => {
      const n = ++calls;
      if (getTokenFails?.(n)) {
        throw new Error(`no token #${n}`);
      }
      const token = jwt(h.clock, lifetimeMs, { n });
      issued.push(token);
      return token;
    },
  });
  const refreshed = recorder<TokenRefreshed>();
  const errors = recorder<RedcastError>();
  h.client.on("refreshed", refreshed);
  h.client.on("error", errors);
  void h.client.connect();
  await settle();
  const socket = h.server.last;
  socket.welcome({ ping_interval: 0 });
  return { ...h, socket, issued, refreshed, errors };
}

describe("token refresh", () => {
  test("a JWT from getToken is replaced by a fresh one 30 s before it expires, and so is the next", async () => {
    const { client, clock, socket, issued, refreshed } = await withFreshTokens(600_000);
    assert.match(socket.url, new RegExp(`token=${issued[0]}`));

    clock.advance(569_999);
    await settle();
    socket.assertNothingSent();
    assert.equal(issued.length, 1);

    clock.advance(1);
    await settle();
    const refresh = answer(socket, { type: "refreshed", expires_at: "2030-01-01T00:19:30Z" });
    assert.deepEqual(refresh, { type: "refresh", id: refresh["id"], token: issued[1] });
    assert.deepEqual(refreshed.values, [{ expiresAt: "2030-01-01T00:19:30Z" }]);
    assert.equal(client.state, "connected");

    // The second token was issued at 570 s and lives 600 s.
    clock.advance(569_999);
    await settle();
    socket.assertNothingSent();
    clock.advance(1);
    await settle();
    assert.equal(socket.next()["token"], issued[2]);
  });

  test("half the remaining life ahead when the token lives less than a minute", async () => {
    const { clock, socket, issued } = await withFreshTokens(6_000);
    clock.advance(2_999);
    await settle();
    socket.assertNothingSent();
    clock.advance(1);
    await settle();
    assert.equal(socket.next()["token"], issued[1]);
  });

  test("getToken handing back the token in use is asked again closer to the expiry; the server never sees it", async () => {
    const clockAtStart = new ManualScheduler(); // the harness clock shows the same time now
    const token = jwt(clockAtStart, 60_000);
    let asked = 0;
    const h = harness({
      token: undefined,
      getToken: () => {
        asked++;
        return token;
      },
    });
    void h.client.connect();
    await settle();
    h.server.last.welcome({ ping_interval: 0 });
    for (let ms = 0; ms < 60_000; ms += 100) {
      h.clock.advance(100);
      await settle();
    }
    // On connect, then at 30, 45, 52.5, 56.25, 58.125 and 59.0625 s; then less than 1 s is left.
    assert.equal(asked, 7);
    h.server.last.assertNothingSent();
    assert.equal(h.clock.nextDelay(), undefined);
  });

  test("a refused refresh is reported as an error event and tried again with the next token", async () => {
    const { clock, socket, issued, refreshed, errors } = await withFreshTokens(60_000);
    clock.advance(30_000);
    await settle();
    answer(socket, { type: "error", code: "unauthorized", message: "token signature invalid" });
    assert.deepEqual(
      errors.values.map((e) => e.code),
      ["unauthorized"],
    );
    assert.deepEqual(refreshed.values, []);

    // 15 s were left of the first token: the next try comes 7.5 s before it expires.
    clock.advance(14_999);
    await settle();
    socket.assertNothingSent();
    clock.advance(1);
    await settle();
    answer(socket, { type: "refreshed" });
    assert.equal(issued.length, 3);
    assert.deepEqual(refreshed.values, [{}]);
  });

  test("a getToken that throws at refresh time is reported as refresh_failed; the connection stays", async () => {
    const { client, clock, socket, errors } = await withFreshTokens(60_000, (n) => n === 2);
    clock.advance(30_000);
    await settle();
    socket.assertNothingSent();
    assert.equal(errors.values[0]?.code, "refresh_failed");
    assert.match(errors.values[0]!.message, /no token #2/);
    assert.equal(client.state, "connected");
    clock.advance(15_000);
    await settle();
    assert.equal(socket.next()["type"], "refresh");
  });

  test("a shared token, and a JWT given as `token`, are never refreshed", async () => {
    for (const options of [
      { token: undefined, getToken: () => "s3cret" },
      { token: jwt(new ManualScheduler(), 60_000) },
    ]) {
      const h = harness(options);
      void h.client.connect();
      await settle();
      h.server.last.welcome({ ping_interval: 0 });
      assert.equal(h.clock.nextDelay(), undefined, "no timer at all");
    }
  });

  test("a lost connection ends its refresh; the next connection refreshes the token it got", async () => {
    const { clock, server, socket, issued } = await withFreshTokens(60_000);
    clock.advance(10_000);
    socket.serverClose(1006);
    clock.advance(clock.nextDelay()!);
    await settle();
    assert.equal(issued.length, 2, "getToken asked for the reconnect");
    const second = server.last;
    assert.notEqual(second, socket);
    second.welcome({ ping_interval: 0 });
    const connectedAt = clock.now();

    clock.advance(10_000 + 30_000 - connectedAt); // when the first connection's refresh was due
    await settle();
    second.assertNothingSent();
    clock.advance(connectedAt - 10_000);
    await settle();
    assert.equal(second.next()["token"], issued[2]);
    socket.assertNothingSent();
  });

  test("closing the client ends the refresh", async () => {
    const { client, clock, socket, issued } = await withFreshTokens(60_000);
    client.close();
    clock.advance(60_000);
    await settle();
    assert.equal(issued.length, 1);
    socket.assertNothingSent();
  });
});

describe("reading a JWT's expiry", () => {
  const encode = (claims: object) => Buffer.from(JSON.stringify(claims)).toString("base64url");

  test("exp in seconds becomes milliseconds, whatever the base64url padding", () => {
    for (const sub of ["a", "ab", "abc", "ü?>~"]) {
      assert.equal(jwtExpiryMs(`h.${encode({ sub, exp: 1_900_000_000 })}.s`), 1_900_000_000_000);
    }
  });

  test("anything else has no expiry", () => {
    for (const token of [
      "s3cret",
      "a.b",
      "a.!!!.c",
      `h.${encode({ sub: "x" })}.s`,
      `h.${encode({ exp: "1900000000" })}.s`,
      `h.${Buffer.from("[1]").toString("base64url")}.s`,
      `h.${Buffer.from("null").toString("base64url")}.s`,
    ]) {
      assert.equal(jwtExpiryMs(token), undefined, token);
    }
  });
});
