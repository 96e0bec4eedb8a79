import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import mongoose from "mongoose";
import type { Socket } from "socket.io-client";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream } from "./support/streams";
import { ack, closeAll, connect, connected, next, sleep, until } from "./support/sockets";
import { deliver, paidSession, stripeEvent } from "./support/stripe-events";
import { channelAnalytics, livekitEvent, streamAnalytics, UA } from "./support/analytics";
import type { AnalyticsUpdate, StreamAnalytics } from "@/lib/analytics/schemas";
import { formatDuration } from "@/lib/analytics/format";

/**
 * Scripted viewers, end to end: signed-in and anonymous sockets (two tabs of one person, a reconnect inside
 * the view gap, a return after it) and LiveKit participants (a player-only viewer, a viewer both on the
 * page and in the room, the host's own media and the recorder, which are no viewers), chat, reactions,
 * likes, follows, a tip through Stripe's signed webhook and the host's quality reports. Every figure of the
 * stream's analytics is then exactly what was scripted. The test app's view gap is 3 s (scripts/test.ts).
 */
const GAP_MS = Number(process.env.ANALYTICS_VIEW_GAP_SECONDS ?? 3) * 1000;

before(async () => {
  await mongoose.connect(process.env.MONGODB_URI ?? "");
});
after(async () => {
  closeAll();
  await mongoose.disconnect();
});

async function viewerSocket(u: TestUser | null, ua: string, streamId: string): Promise<Socket> {
  const s = await connected(connect({ ...(u ? { token: u.token } : {}), extraHeaders: { "User-Agent": ua } }));
  const joined = await ack(s, "join_stream", { streamId });
  assert.equal(joined.success, true, JSON.stringify(joined.error));
  return s;
}

async function current(host: TestUser, id: string): Promise<StreamAnalytics> {
  const r = await streamAnalytics(host, id);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.data;
}

/** Polls the report until `check` holds (counters arrive through buffers), then returns it. */
async function settle(host: TestUser, id: string, check: (a: StreamAnalytics) => boolean, what: string): Promise<StreamAnalytics> {
  let last: StreamAnalytics | undefined;
  const ok = await until(async () => check((last = await current(host, id))), 10_000);
  assert.ok(ok, `${what}: ${JSON.stringify(last)}`);
  return last!;
}

const sumOf = <T>(rows: T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);

describe("stream analytics from scripted viewers", { timeout: 120_000 }, () => {
  test("views, unique viewers, peak, watch time, engagement, earnings, audience and quality are exactly what happened", async () => {
    const [host, u1, u2, u3, fan] = await Promise.all([newUser("anh"), newUser("an1"), newUser("an2"), newUser("an3"), newUser("anf")]);
    const s = await createStream(host, { title: "Analytics run" });
    const startedAt = Date.now();
    assert.equal((await act(host, s.streamId, "start")).status, 200);
    const id = s.streamId;
    const watched: number[] = [];

    // The host on the page and in the room, the encoder and the recorder: none of them is a viewer.
    const hostSocket = await viewerSocket(host, UA.linuxChrome, id);
    for (const identity of [host.id, `${host.id}:encoder`, `recorder:${id}`]) assert.equal(await livekitEvent("participant_joined", s.roomId, identity), 200);

    // u1: two tabs (one view), then also in the media room (still the same view).
    const t1 = Date.now();
    const u1a = await viewerSocket(u1, UA.iphone, id);
    await viewerSocket(u1, UA.linuxChrome, id);
    assert.equal(await livekitEvent("participant_joined", s.roomId, u1.id), 200);
    // An anonymous browser (the server issues its viewer key at the handshake).
    const tA = Date.now();
    await viewerSocket(null, UA.linuxChrome, id);
    // u3 watches in the player only: a media token (its User-Agent is the device) and LiveKit's webhook.
    assert.equal((await call("POST", `/api/livestream/${id}/token`, { token: u3.token, headers: { "User-Agent": UA.ipad } })).status, 200);
    const t3 = Date.now();
    assert.equal(await livekitEvent("participant_joined", s.roomId, u3.id), 200);

    // u2: a drop and a reconnect within the gap is one view; leaving for longer than the gap makes a second.
    const t2 = Date.now();
    const u2a = await viewerSocket(u2, UA.windowsFirefox, id);
    u2a.disconnect();
    await sleep(300);
    const u2b = await viewerSocket(u2, UA.windowsFirefox, id);
    await settle(host, id, (a) => a.currentViewers === 4 && a.totalViews === 4, "four viewers, four views");
    assert.equal((await ack(u2b, "leave_stream", { streamId: id })).success, true);
    const u2Left = Date.now();
    await until(async () => (await current(host, id)).currentViewers === 3, 5000);
    await sleep(GAP_MS + 1000);
    const t2b = Date.now();
    assert.equal((await ack(u2b, "join_stream", { streamId: id })).success, true);

    // Engagement: 4 chat messages, 3 reactions, 2 likes, 2 follows while live, and a 5 USD tip.
    for (const text of ["hello", "first time here", "nice"]) assert.equal((await ack(u1a, "stream_chat_message", { streamId: id, message: text })).success, true);
    assert.equal((await ack(u2b, "stream_chat_message", { streamId: id, message: "hi all" })).success, true);
    for (const emoji of ["🔥", "👏", "🔥"]) assert.equal((await ack(u1a, "stream_reaction", { streamId: id, emoji })).success, true);
    for (const u of [u1, u2]) assert.equal((await call("POST", `/api/livestream/${id}/like`, { token: u.token })).status, 200);
    for (const u of [u1, u3]) assert.equal((await call("POST", `/api/users/${host.id}/follow`, { token: u.token })).status, 200);
    const tip = paidSession({ kind: "tip", userId: fan.id, creatorId: host.id, streamId: id, message: "gg" }, 500, "usd");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", tip))).status, 200);

    // Quality: the host's reports (one per 2 s; the second at once is refused), kept as the minute's averages.
    const metrics = (m: Record<string, number>) => ack(hostSocket, "update_stream_metrics", { streamId: id, metrics: m });
    assert.equal((await metrics({ bitrateKbps: 2500, fps: 30, droppedFrames: 3, packetLoss: 0.5, rttMs: 40 })).success, true);
    assert.equal((await metrics({ bitrateKbps: 9999, fps: 1, droppedFrames: 99, packetLoss: 9, rttMs: 999 })).error?.code, "RATE_LIMITED");
    await sleep(2100);
    assert.equal((await metrics({ bitrateKbps: 3500, fps: 30, droppedFrames: 2, packetLoss: 1.5, rttMs: 60 })).success, true);

    // The owner's live dashboard: the snapshot in the acknowledgement, then analytics_update to its room.
    const watch = await ack<AnalyticsUpdate>(hostSocket, "watch_analytics", { streamId: id });
    assert.equal(watch.success, true, JSON.stringify(watch.error));
    const update = await next<AnalyticsUpdate>(hostSocket, "analytics_update", 8000, (u) => u.streamId === id && u.currentViewers === 4 && u.chatMessages === 4);
    assert.deepEqual([update.totalViews, update.peakViewers, update.likes], [5, 4, 2]);
    assert.equal(update.minute.viewers, 4, "the minute in progress has everyone present");

    const live = await settle(host, id, (a) => a.reactions === 3 && a.chatMessages === 4 && a.likes === 2 && a.follows === 2 && a.totalEarnings === 5, "engagement counted");
    assert.equal(live.status, "live");
    assert.equal(live.currentViewers, 4);

    const endAt = Date.now();
    assert.equal((await act(host, id, "end")).status, 200);
    watched.push(endAt - t1, endAt - tA, endAt - t3, u2Left - t2 + (endAt - t2b));

    const a = await current(host, id);
    assert.equal(a.status, "ended");
    assert.equal(a.totalViews, 5, "u1, the guest, u3, and u2 twice");
    assert.equal(a.uniqueViewers, 4);
    assert.equal(a.peakViewers, 4);
    assert.equal(a.currentViewers, 0);
    assert.equal(a.chatMessages, 4);
    assert.equal(a.reactions, 3);
    assert.equal(a.likes, 2);
    assert.equal(a.follows, 2);
    assert.equal(a.engagementRate, "175%", "(4 + 3) / 4");
    assert.equal(a.totalEarnings, 5);
    assert.deepEqual(a.revenue, { bySource: [{ kind: "tip", currency: "USD", amount: 5 }], totals: [{ currency: "USD", net: 5 }] });
    const expectedWatch = sumOf(watched, (w) => w) / 4 / 1000;
    assert.ok(Math.abs(a.averageWatchTime - expectedWatch) <= 2, `average watch time ${a.averageWatchTime} s, expected about ${expectedWatch.toFixed(1)} s`);
    const expectedDuration = (endAt - startedAt) / 1000;
    assert.ok(Math.abs(a.duration - expectedDuration) <= 2, `duration ${a.duration} s, expected about ${expectedDuration.toFixed(1)} s`);
    assert.equal(a.durationFormatted, formatDuration(a.duration));
    assert.match(a.durationFormatted, /^0:0\d:\d\d$/);

    // Every test client is loopback: no country can be known.
    assert.deepEqual(a.geography, [{ name: "ZZ", viewers: 4 }]);
    assert.deepEqual(a.devices.types, [{ name: "desktop", viewers: 2 }, { name: "mobile", viewers: 1 }, { name: "tablet", viewers: 1 }], "u1's first tab (iPhone), u3's token request (iPad)");
    assert.deepEqual(a.devices.browsers, [{ name: "Safari", viewers: 2 }, { name: "Chrome", viewers: 1 }, { name: "Firefox", viewers: 1 }]);
    assert.deepEqual(a.devices.os, [{ name: "iOS", viewers: 2 }, { name: "Linux", viewers: 1 }, { name: "Windows", viewers: 1 }]);

    // The series add up to the totals.
    assert.equal(sumOf(a.viewerHistory, (p) => p.joins), 5);
    assert.equal(Math.max(...a.viewerHistory.map((p) => p.viewers)), 4);
    assert.deepEqual(["chatMessages", "reactions", "likes", "follows"].map((k) => sumOf(a.engagementHistory, (p) => p[k as "likes"])), [4, 3, 2, 2]);
    const q = a.quality.filter((p) => p.bitrateKbps !== null);
    if (q.length === 1) assert.deepEqual(q.map(({ t: _t, ...rest }) => rest), [{ bitrateKbps: 3000, fps: 30, droppedFrames: 5, packetLoss: 1, rttMs: 50 }]);
    else assert.deepEqual(q.map(({ t: _t, ...rest }) => rest), [{ bitrateKbps: 2500, fps: 30, droppedFrames: 3, packetLoss: 0.5, rttMs: 40 }, { bitrateKbps: 3500, fps: 30, droppedFrames: 2, packetLoss: 1.5, rttMs: 60 }], "the two reports fell in two minutes");

    // The stream's own counters (the spec's `analytics`) agree.
    const doc = await mongoose.connection.db!.collection("livestreams").findOne({ _id: new mongoose.Types.ObjectId(id) });
    assert.deepEqual([doc?.analytics?.totalViews, doc?.analytics?.peakViewers, doc?.analytics?.averageWatchTime], [5, 4, a.averageWatchTime]);

    // The channel over 7 days: this host streamed once, today.
    const ch = await channelAnalytics(host, "?days=7");
    assert.equal(ch.status, 200, JSON.stringify(ch.body));
    const c = ch.body.data;
    assert.deepEqual([c.days, c.streams, c.totalViews, c.uniqueViewers, c.peakViewers, c.chatMessages, c.reactions, c.likes, c.follows], [7, 1, 5, 4, 4, 4, 3, 2, 2]);
    assert.deepEqual(c.revenue, [{ currency: "USD", net: 5 }]);
    assert.equal(c.daily.length, 7);
    assert.equal(c.daily.at(-1)?.day, new Date().toISOString().slice(0, 10));
    assert.equal(sumOf(c.daily, (d) => d.views), 5);
    assert.deepEqual(c.recent.map((r) => [r.streamId, r.totalViews, r.peakViewers, r.chatMessages]), [[id, 5, 4, 4]]);
    assert.ok(Math.abs(c.averageWatchTime - a.averageWatchTime) <= 1, `channel average ${c.averageWatchTime} s vs the stream's ${a.averageWatchTime} s`);
  });
});
