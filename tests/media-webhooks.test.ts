import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { dispose } from "@livekit/rtc-node";
import { BASE, call, newUser } from "./support/http";
import { act, createStream, type Ok, type StreamData } from "./support/streams";
import { joinRoom, publishCamera } from "./support/rtc";
import mongoose from "mongoose";
import { connectDb, disconnectDb } from "@/lib/db/connection";

after(async () => {
  await dispose();
  await disconnectDb();
});

const KEY = process.env.LIVEKIT_API_KEY ?? "";
const SECRET = process.env.LIVEKIT_API_SECRET ?? "";

async function signed(body: string, secret = SECRET): Promise<string> {
  const at = new AccessToken(KEY, secret);
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return at.toJwt();
}

function event(name: string, roomId: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ event: name, id: `EV_${randomBytes(8).toString("hex")}`, createdAt: String(Math.floor(Date.now() / 1000)), room: { name: roomId, sid: "RM_test", numParticipants: 2 }, ...extra });
}

async function post(body: string, auth?: string) {
  const res = await fetch(`${BASE}/api/livekit/webhook`, { method: "POST", headers: { "Content-Type": "application/webhook+json", ...(auth ? { Authorization: auth } : {}) }, body });
  return { status: res.status, body: (await res.json()) as { success: boolean; data?: { duplicate: boolean }; error?: { code: string } } };
}

async function stream(id: string) {
  return (await call<Ok<StreamData & { analytics: { totalViews: number } }>>("GET", `/api/livestream/${id}`)).body.data;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function liveStream() {
  const host = await newUser("wh");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  return { host, s };
}

describe("POST /api/livekit/webhook", () => {
  test("a missing, wrong or stale signature is 401 and changes nothing", async () => {
    const { host, s } = await liveStream();
    const body = event("room_finished", s.roomId);
    for (const auth of [undefined, "Bearer nonsense", await signed(body, "x".repeat(40)), await signed(event("room_finished", s.roomId))]) {
      const res = await post(body, auth);
      assert.equal(res.status, 401);
      assert.equal(res.body.error?.code, "INVALID_SIGNATURE");
    }
    assert.equal((await stream(s.streamId)).status, "live");
    await act(host, s.streamId, "end");
  });

  test("a duplicate delivery has one effect", async () => {
    const { host, s } = await liveStream();
    const before = (await stream(s.streamId)).analytics.totalViews;
    const body = event("participant_joined", s.roomId, { participant: { identity: "guest_aaaa", sid: "PA_1" } });
    const auth = await signed(body);
    const first = await post(body, auth);
    const second = await post(body, auth);
    assert.deepEqual([first.status, first.body.data?.duplicate], [200, false]);
    assert.deepEqual([second.status, second.body.data?.duplicate], [200, true]);
    assert.equal((await stream(s.streamId)).analytics.totalViews, before + 1);
    await act(host, s.streamId, "end");
  });

  test("room_finished ends a stream that is still on air", async () => {
    const { s } = await liveStream();
    const body = event("room_finished", s.roomId);
    assert.equal((await post(body, await signed(body))).status, 200);
    assert.equal((await stream(s.streamId)).status, "ended");
  });

  test("a host who returns within the grace period keeps the stream", async () => {
    const { host, s } = await liveStream();
    const left = event("participant_left", s.roomId, { participant: { identity: host.id, sid: "PA_h" } });
    await post(left, await signed(left));
    const joined = event("participant_joined", s.roomId, { participant: { identity: host.id, sid: "PA_h2" } });
    await post(joined, await signed(joined));
    await new Promise((r) => setTimeout(r, 7000));
    assert.equal((await stream(s.streamId)).status, "live");
    await act(host, s.streamId, "end");
  });
});

describe("presence through LiveKit's own webhooks", () => {
  test("viewers joining and leaving the room move the viewer count", async () => {
    const { host, s } = await liveStream();
    const tok = async (token?: string) => (await call<Ok<{ url: string; token: string }>>("POST", `/api/livestream/${s.streamId}/token`, { token })).body.data;
    const hostRoom = await joinRoom((await tok(host.token)).url, (await tok(host.token)).token);
    const a = await tok();
    const b = await tok((await newUser("pv")).token);
    const rooms = [await joinRoom(a.url, a.token), await joinRoom(b.url, b.token)];
    assert.ok(await waitFor(async () => (await stream(s.streamId)).analytics.currentViewers === 2, 15_000), "two viewers counted");
    await rooms[0]?.disconnect();
    assert.ok(await waitFor(async () => (await stream(s.streamId)).analytics.currentViewers === 1, 15_000), "one left");
    await rooms[1]?.disconnect();
    await hostRoom.disconnect();
    await act(host, s.streamId, "end");
  });

  test("a host whose media connection drops for longer than the grace period ends the stream", async () => {
    const { host, s } = await liveStream();
    const t = (await call<Ok<{ url: string; token: string }>>("POST", `/api/livestream/${s.streamId}/token`, { token: host.token })).body.data;
    const room = await joinRoom(t.url, t.token);
    const stop = await publishCamera(room);
    await new Promise((r) => setTimeout(r, 1500));
    stop();
    await room.disconnect();
    // Grace is 5 s in tests; LiveKit reports the departure, the app ends the stream after the grace.
    assert.ok(await waitFor(async () => (await stream(s.streamId)).status === "ended", 25_000), "stream ended after the host left");
  });
});

describe("streams whose host's media never came", () => {
  const IDLE_S = Number(process.env.STREAM_IDLE_END_SECONDS ?? 1800);
  // The stored document, as LiveKit's webhooks and the sweeper leave it (the API does not show the media flags).
  const streams = () => mongoose.connection.db!.collection("livestreams");
  const oid = (id: string) => new mongoose.Types.ObjectId(id);
  const hostConnected = async (id: string) => Boolean(((await streams().findOne({ _id: oid(id) }))?.media as { hostConnected?: boolean } | undefined)?.hostConnected);

  test("end once started longer ago than STREAM_IDLE_END_SECONDS; one LiveKit has the host of is set right, not ended", async () => {
    await connectDb();
    const idle = await liveStream();
    const present = await liveStream();
    const t = (await call<Ok<{ url: string; token: string }>>("POST", `/api/livestream/${present.s.streamId}/token`, { token: present.host.token })).body.data;
    const room = await joinRoom(t.url, t.token);
    const stop = await publishCamera(room);
    try {
      assert.ok(await waitFor(() => hostConnected(present.s.streamId), 15_000), "the host's join was reported");
      // Both started long ago (as the sweeper's clock sees it); the present host's flag as a lost webhook leaves it.
      const long = new Date(Date.now() - (IDLE_S + 60) * 1000);
      await streams().updateOne({ _id: oid(idle.s.streamId) }, { $set: { startedAt: long } });
      await streams().updateOne({ _id: oid(present.s.streamId) }, { $set: { startedAt: long, "media.hostConnected": false } });
      // The server's sweeper runs every 15 s.
      assert.ok(await waitFor(async () => (await stream(idle.s.streamId)).status === "ended", 25_000), "the stream with no media ended");
      assert.ok(await waitFor(() => hostConnected(present.s.streamId), 25_000), "the present host was found in the room");
      assert.equal((await stream(present.s.streamId)).status, "live");
    } finally {
      stop();
      await room.disconnect();
      await act(present.host, present.s.streamId, "end");
    }
  });
});
