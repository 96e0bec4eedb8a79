import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Err } from "./support/streams";
import { ack, closeAll, connect, connected, until } from "./support/sockets";
import { channelAnalytics, streamAnalytics } from "./support/analytics";

/**
 * Who may read a stream's analytics (its owner and lead moderators), how the routes under
 * /api/livestream/user/... resolve beside /api/livestream/[id]/..., the CSV export, and what
 * update_stream_metrics and watch_analytics refuse.
 */
after(() => closeAll());

const code = (r: { status: number; body: unknown }) => (r.status < 300 ? "ok" : ((r.body as Err).error?.code ?? String(r.status)));
const MISSING = "0123456789abcdef01234567";

async function staffedStream() {
  const [host, lead, mod, viewer] = await Promise.all([newUser("aah"), newUser("aal"), newUser("aam"), newUser("aav")]);
  const s = await createStream(host, { title: "Access run" });
  assert.equal((await call("POST", `/api/livestream/${s.streamId}/moderators`, { token: host.token, json: { userId: lead.id, level: "lead" } })).status < 300, true);
  assert.equal((await call("POST", `/api/livestream/${s.streamId}/moderators`, { token: host.token, json: { userId: mod.id } })).status < 300, true);
  return { host, lead, mod, viewer, s };
}

async function csv(u: TestUser | null, id: string) {
  const res = await fetch(`${BASE}/api/livestream/user/analytics/${id}/export.csv`, { headers: u ? { Authorization: `Bearer ${u.token}` } : {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, code: res.status < 300 ? "ok" : (JSON.parse(text) as Err).error.code };
}

describe("analytics access", { timeout: 90_000 }, () => {
  test("owner and lead moderators read a stream's analytics and CSV; moderators and viewers 403, anonymous 401, unknown 404, bad id 400", async () => {
    const { host, lead, mod, viewer, s } = await staffedStream();
    const expected: [TestUser | null, string][] = [[host, "ok"], [lead, "ok"], [mod, "FORBIDDEN"], [viewer, "FORBIDDEN"], [null, "UNAUTHENTICATED"]];
    for (const [u, want] of expected) {
      assert.equal(code(await streamAnalytics(u, s.streamId)), want, `JSON as ${u?.username ?? "anonymous"}`);
      assert.equal((await csv(u, s.streamId)).code, want, `CSV as ${u?.username ?? "anonymous"}`);
    }
    assert.equal(code(await streamAnalytics(host, MISSING)), "NOT_FOUND");
    assert.equal((await csv(host, MISSING)).code, "NOT_FOUND");
    assert.equal(code(await streamAnalytics(host, "not-an-id")), "VALIDATION_ERROR");
    assert.equal((await csv(host, "not-an-id")).status, 400);
    // A scheduled stream has its report too: nothing happened yet.
    const a = (await streamAnalytics(lead, s.streamId)).body.data;
    assert.deepEqual([a.status, a.totalViews, a.uniqueViewers, a.duration, a.durationFormatted, a.engagementRate, a.totalEarnings], ["scheduled", 0, 0, 0, "0:00:00", "0%", 0]);
  });

  test("the user/... routes are not taken by [id]: the stream, the caller's streams and the channel report each answer", async () => {
    const host = await newUser("aar");
    const s = await createStream(host);
    const report = await streamAnalytics(host, s.streamId);
    assert.equal(report.body.data.streamId, s.streamId);
    assert.equal(typeof report.body.data.uniqueViewers, "number");
    const stream = await call<{ data: { id: string; title: string } }>("GET", `/api/livestream/${s.streamId}`);
    assert.equal(stream.body.data.id, s.streamId);
    assert.equal((await call("GET", "/api/livestream/user/streams", { token: host.token })).status, 200);
    const ch = await channelAnalytics(host);
    assert.equal(ch.status, 200);
    assert.deepEqual([ch.body.data.days, ch.body.data.daily.length, ch.body.data.streams, ch.body.data.totalViews], [30, 30, 0, 0]);
    assert.equal((await channelAnalytics(host, "?days=90")).body.data.daily.length, 90);
    assert.equal(code(await channelAnalytics(host, "?days=5")), "VALIDATION_ERROR");
    assert.equal(code(await channelAnalytics(host, "?days=7&x=1")), "VALIDATION_ERROR");
    assert.equal(code(await channelAnalytics(null, "?days=7")), "UNAUTHENTICATED");
  });

  test("the CSV has one row per minute, the columns the dashboard exports, and the same counts as the report", async () => {
    const host = await newUser("aac");
    const fan = await newUser("aaf");
    const s = await createStream(host, { title: 'Quotes, "commas"' });
    assert.equal((await act(host, s.streamId, "start")).status, 200);
    const v = await connected(connect({ token: fan.token }));
    assert.equal((await ack(v, "join_stream", { streamId: s.streamId })).success, true);
    assert.equal((await ack(v, "stream_chat_message", { streamId: s.streamId, message: "one" })).success, true);
    assert.ok(await until(async () => (await streamAnalytics(host, s.streamId)).body.data.chatMessages === 1, 5000));
    assert.equal((await act(host, s.streamId, "end")).status, 200);
    const report = (await streamAnalytics(host, s.streamId)).body.data;
    const res = await csv(host, s.streamId);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.equal(res.headers.get("content-disposition"), `attachment; filename="stream-${s.streamId}-analytics.csv"`);
    const [header, ...rows] = res.text.trimEnd().split("\r\n").map((l) => l.split(","));
    assert.deepEqual(header, ["minute", "viewers", "joins", "watch_minutes", "chat_messages", "reactions", "likes", "follows", "bitrate_kbps", "fps", "dropped_frames", "packet_loss_pct", "rtt_ms"]);
    assert.equal(rows.length, report.viewerHistory.length);
    assert.ok(rows.length >= 1);
    assert.deepEqual(rows.map((r) => r[0]), report.viewerHistory.map((p) => p.t));
    const col = (i: number) => rows.reduce((n, r) => n + Number(r[i]), 0);
    assert.deepEqual([col(2), col(4), Math.max(...rows.map((r) => Number(r[1])))], [1, 1, 1]);
    assert.ok(Math.abs(col(3) * 60 - report.averageWatchTime) <= 2, "watch minutes add up to the one viewer's watch time");
    assert.equal(rows[0]?.[8], "", "no quality report: empty cells");
  });

  test("update_stream_metrics: the host only, validated, on air only; watch_analytics: owner and leads", async () => {
    const { host, lead, viewer, s } = await staffedStream();
    const as = async (u: TestUser | null) => connected(connect(u ? { token: u.token } : {}));
    const [h, l, v, anon] = await Promise.all([as(host), as(lead), as(viewer), as(null)]);
    // An anonymous socket must join something within the auth timeout; on the page before go-live, it becomes a viewer then.
    assert.equal((await ack(anon, "join_stream", { streamId: s.streamId })).success, true);
    const good = { streamId: s.streamId, metrics: { bitrateKbps: 2000, fps: 30, droppedFrames: 0, packetLoss: 0, rttMs: 20 } };
    assert.equal((await ack(h, "update_stream_metrics", good)).error?.code, "STREAM_NOT_LIVE", "a scheduled stream sends nothing yet");
    assert.equal((await act(host, s.streamId, "start")).status, 200);
    assert.equal((await ack(v, "update_stream_metrics", good)).error?.code, "FORBIDDEN");
    assert.equal((await ack(l, "update_stream_metrics", good)).error?.code, "FORBIDDEN", "a lead moderator does not publish");
    assert.equal((await ack(anon, "update_stream_metrics", good)).error?.code, "UNAUTHENTICATED");
    for (const bad of [{ ...good, metrics: { fps: -1 } }, { ...good, metrics: { fps: 30, cpu: 9 } }, { metrics: good.metrics }, { ...good, streamId: "nope" }, { ...good, metrics: { bitrateKbps: "fast" } }]) {
      assert.equal((await ack(h, "update_stream_metrics", bad)).error?.code, "VALIDATION_ERROR", JSON.stringify(bad));
    }
    assert.equal((await ack(h, "update_stream_metrics", good)).success, true, "refusals above used none of the host's budget");
    assert.equal((await ack(v, "watch_analytics", { streamId: s.streamId })).error?.code, "FORBIDDEN");
    assert.equal((await ack(anon, "watch_analytics", { streamId: s.streamId })).error?.code, "UNAUTHENTICATED");
    assert.equal((await ack(l, "watch_analytics", { streamId: MISSING })).error?.code, "NOT_FOUND");
    const watched = await ack<{ currentViewers: number; streamId: string }>(l, "watch_analytics", { streamId: s.streamId });
    assert.deepEqual([watched.success, watched.data?.streamId, watched.data?.currentViewers], [true, s.streamId, 1], "the guest who waited on the page is watching");
    await act(host, s.streamId, "end");
  });
});
