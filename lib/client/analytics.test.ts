import { test } from "node:test";
import assert from "node:assert/strict";
import type { AnalyticsUpdate, StreamAnalytics } from "@/lib/analytics/schemas";
import { applyUpdate, countryFlag, fillDays, lastValue, xRange, countryName, hms, liveDuration, upsertMinute, withShares } from "@/lib/client/analytics";

const M1 = "2026-11-26T05:00:00.000Z";
const M2 = "2026-11-26T05:01:00.000Z";
const M3 = "2026-11-26T05:02:00.000Z";

function report(over: Partial<StreamAnalytics> = {}): StreamAnalytics {
  return {
    streamId: "s1", title: "T", status: "live", startedAt: M1, endedAt: null,
    totalViews: 2, uniqueViewers: 2, peakViewers: 2, currentViewers: 1, averageWatchTime: 30, chatMessages: 4, reactions: 1, likes: 0, follows: 0,
    engagementRate: "250.0%", totalEarnings: 0, duration: 60, durationFormatted: "0:01:00",
    viewerHistory: [{ t: M1, viewers: 2, joins: 2 }], engagementHistory: [{ t: M1, chatMessages: 4, reactions: 1, likes: 0, follows: 0 }],
    geography: [], devices: { types: [], browsers: [], os: [] }, revenue: { bySource: [], totals: [] }, quality: [],
    ...over,
  };
}

function update(over: Partial<AnalyticsUpdate> = {}, minute: Partial<AnalyticsUpdate["minute"]> = {}): AnalyticsUpdate {
  return {
    streamId: "s1", at: M2, currentViewers: 3, peakViewers: 3, totalViews: 3, chatMessages: 6, reactions: 2, likes: 1,
    minute: { t: M2, viewers: 3, joins: 1, chatMessages: 2, reactions: 1, likes: 1, follows: 0, ...minute },
    ...over,
  };
}

test("a live update moves the counters and appends its minute", () => {
  const r = applyUpdate(report(), update());
  assert.equal(r.currentViewers, 3);
  assert.equal(r.peakViewers, 3);
  assert.equal(r.totalViews, 3);
  assert.equal(r.chatMessages, 6);
  assert.deepEqual(r.viewerHistory.map((p) => [p.t, p.viewers]), [[M1, 2], [M2, 3]]);
  assert.deepEqual(r.engagementHistory.at(-1), { t: M2, chatMessages: 2, reactions: 1, likes: 1, follows: 0 });
});

test("the minute in progress is replaced, not repeated; the viewer count may fall, the peak may not", () => {
  const once = applyUpdate(report(), update());
  const twice = applyUpdate(once, update({ currentViewers: 1, peakViewers: 3 }, { viewers: 3, joins: 2 }));
  assert.equal(twice.viewerHistory.length, 2);
  assert.equal(twice.viewerHistory[1]!.joins, 2);
  assert.equal(twice.currentViewers, 1);
  assert.equal(twice.peakViewers, 3);
  // A late update (older counters) never takes a total back.
  assert.equal(applyUpdate(twice, update({ totalViews: 1, chatMessages: 0 })).totalViews, 3);
});

test("an update of another stream is ignored", () => {
  const r = report();
  assert.equal(applyUpdate(r, update({ streamId: "other" })), r);
});

test("a late minute is put in order", () => {
  const s = upsertMinute([{ t: M1 }, { t: M3 }], { t: M2 });
  assert.deepEqual(s.map((p) => p.t), [M1, M2, M3]);
});

test("duration counts on while live and holds once ended", () => {
  const now = Date.parse(M1) + 90_000;
  assert.equal(liveDuration(report(), now), 90);
  assert.equal(liveDuration(report({ status: "ended", duration: 75 }), now), 75);
  assert.equal(hms(3661), "1:01:01");
  assert.equal(hms(59), "0:00:59");
});

test("countries read as names and flags; ZZ is unknown", () => {
  assert.equal(countryName("DE"), "Germany");
  assert.equal(countryName("ZZ"), "Unknown");
  assert.equal(countryFlag("DE"), "🇩🇪");
  assert.equal(countryFlag("ZZ"), "🌐");
});

test("shares are whole percents of the total", () => {
  const rows = withShares([{ name: "a", viewers: 199 }, { name: "b", viewers: 1 }, { name: "c", viewers: 0 }]);
  assert.deepEqual(rows.map((r) => r.shareLabel), ["100%", "<1%", "0%"]);
  assert.deepEqual(withShares([]), []);
});

test("the daily series covers every day of the range", () => {
  const days = fillDays([{ day: "2026-11-25", views: 3, watchHours: 0.5, peakViewers: 2, chatMessages: 1, reactions: 0, follows: 0 }], "2026-11-24T05:00:00.000Z", "2026-11-26T04:00:00.000Z");
  assert.deepEqual(days.map((d) => [d.day, d.views]), [["2026-11-24", 0], ["2026-11-25", 3], ["2026-11-26", 0]]);
  assert.deepEqual(fillDays([], "bad", "worse"), []);
});

test("a lone minute spans ten minutes, a long stream its own length; days a week at least", () => {
  assert.deepEqual(xRange(6000, 6000, false), [5970, 6630]);
  assert.deepEqual(xRange(0, 3600, false), [-30, 3630]);
  assert.deepEqual(xRange(0, 86_400, true), [-43_200, 6 * 86_400 + 43_200]);
});

test("the legend's latest value skips gaps", () => {
  assert.equal(lastValue([1, 2, null, undefined]), 2);
  assert.equal(lastValue([null]), null);
  assert.equal(lastValue([]), null);
});
