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

test("a full store refuses new keys instead of evicting a live window", () => {
  const rl = new RateLimiter(100);
  // The victim's login counter is at its limit.
  for (let i = 0; i < 3; i++) rl.hit("login:victim", 3, 600_000, 0);
  assert.ok(rl.hit("login:victim", 3, 600_000, 0) > 0);
  // A flood of fresh keys fills the store; once full, every new key is refused (counted as over its limit).
  const refused = Array.from({ length: 1000 }, (_, i) => rl.hit(`login:flood${i}`, 3, 600_000, 1)).filter((w) => w > 0).length;
  assert.equal(refused, 1000 - 99);
  // The victim's window survived the flood.
  assert.ok(rl.hit("login:victim", 3, 600_000, 2) > 0, "the lockout holds");
  assert.equal(rl.size, 100);
});

test("a full store makes room by dropping windows that are over", () => {
  const rl = new RateLimiter(10);
  for (let i = 0; i < 10; i++) rl.hit(`short${i}`, 1, 1000, 0);
  assert.ok(rl.hit("new", 1, 1000, 500) > 0, "full, nothing over yet");
  assert.equal(rl.hit("new", 1, 1000, 2000), 0, "the expired windows went");
  assert.ok(rl.size <= 10);
});
