import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "../src/internal/backoff.js";

const fixed = (r: number) => () => r;

test("the ceiling doubles from twice the initial delay up to the maximum", () => {
  const b = new Backoff(500, 30_000);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 100].map((n) => b.ceiling(n)),
    [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000],
  );
});

test("full jitter stays within the initial delay and the ceiling for every attempt", () => {
  const b = new Backoff(100, 5000);
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed sequence spread over [0, 1)
    return seed / 2 ** 31;
  };
  for (let attempt = 1; attempt <= 20; attempt++) {
    for (let i = 0; i < 50; i++) {
      const d = b.delay(attempt, random);
      assert.ok(d >= 100 && d <= b.ceiling(attempt), `attempt ${attempt}: ${d}`);
    }
  }
});

test("the extremes of the random value give the edges of the window", () => {
  const b = new Backoff(500, 30_000);
  assert.equal(b.delay(3, fixed(0)), 4000);
  assert.equal(b.delay(3, fixed(0.999999999)), 500);
  assert.equal(b.delay(3, fixed(0.5)), 2250);
  assert.equal(b.delay(40, fixed(0.5)), 15_250);
});

test("bad settings and random values are rejected", () => {
  assert.throws(() => new Backoff(0, 10), RangeError);
  assert.throws(() => new Backoff(100, 50), RangeError);
  assert.throws(() => new Backoff(100, Infinity), RangeError);
  const b = new Backoff(100, 1000);
  assert.throws(() => b.ceiling(0), RangeError);
  assert.throws(() => b.delay(1, fixed(1)), RangeError);
  assert.throws(() => b.delay(1, fixed(-0.1)), RangeError);
});
