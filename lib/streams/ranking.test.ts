import { test } from "node:test";
import assert from "node:assert/strict";
import { rankTrending, trendingScore } from "@/lib/streams/ranking";

const now = Date.parse("2026-01-01T12:00:00Z");
const base = { currentViewers: 0, likes: 0, shares: 0, chatMessages: 0, reactions: 0, startedAt: new Date(now - 3_600_000) };

test("more viewers rank higher at equal age", () => {
  assert.ok(trendingScore({ ...base, currentViewers: 100 }, now) > trendingScore({ ...base, currentViewers: 10 }, now));
});

test("engagement counts", () => {
  assert.ok(trendingScore({ ...base, currentViewers: 10, likes: 50 }, now) > trendingScore({ ...base, currentViewers: 10 }, now));
});

test("recency decay lets a fresh stream pass an old, larger one", () => {
  const old = { ...base, id: "old", currentViewers: 100, startedAt: new Date(now - 10 * 3_600_000) };
  const fresh = { ...base, id: "fresh", currentViewers: 40, startedAt: new Date(now - 10 * 60_000) };
  assert.deepEqual(rankTrending([old, fresh], now).map((s) => s.id), ["fresh", "old"]);
});
