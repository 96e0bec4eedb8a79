import { test } from "node:test";
import assert from "node:assert/strict";
import { AppError } from "@/lib/errors";
import { RateLimiter } from "@/lib/rate-limit";

test("allows up to the limit within a window, then asks to wait", () => {
  const rl = new RateLimiter();
  for (let i = 0; i < 3; i++) assert.equal(rl.hit("k", 3, 60_000, 1000), 0);
  assert.equal(rl.hit("k", 3, 60_000, 1000), 60);
  assert.equal(rl.hit("other", 3, 60_000, 1000), 0);
});

test("a new window starts after the old one ends", () => {
  const rl = new RateLimiter();
  for (let i = 0; i < 5; i++) rl.hit("k", 2, 1000, 0);
  assert.equal(rl.hit("k", 2, 1000, 1001), 0);
});

test("hitOrThrow throws RATE_LIMITED with Retry-After", () => {
  const rl = new RateLimiter();
  rl.hitOrThrow("k", 1, 10_000);
  assert.throws(
    () => rl.hitOrThrow("k", 1, 10_000),
    (e: unknown) => e instanceof AppError && e.code === "RATE_LIMITED" && Number(e.headers?.["Retry-After"]) > 0,
  );
});

test("stays bounded in memory", () => {
  const rl = new RateLimiter(100);
  for (let i = 0; i < 1000; i++) rl.hit(`k${i}`, 1, 60_000, 0);
  assert.ok((rl as unknown as { windows: Map<string, unknown> }).windows.size <= 100);
});
