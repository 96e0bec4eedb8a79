import { after, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { DisconnectReason, dispose, Room, RoomEvent, TrackKind, VideoStream, type RemoteTrack } from "@livekit/rtc-node";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Err, type Ok } from "./support/streams";
import { ack, closeAll, connect, connected, next, sleep, until } from "./support/sockets";
import { publishCamera, withTimeout } from "./support/rtc";
import { restoreMediaAccess, revokeMediaAccess } from "@/lib/media/enforce";
import { closeRedis } from "@/lib/realtime/redis";

/**
 * A ban takes the media away at once and for good: the banned viewer's LiveKit participant is removed,
 * the token they still hold does not bring them back (the participant_joined webhook re-checks), and no
 * new token is minted. Real LiveKit participants (rtc-node), a small camera (320x240).
 */
after(async () => {
  closeAll();
  await closeRedis();
  await dispose();
});

type Token = { url: string; token: string; identity: string; roomId: string };

async function mediaToken(user: TestUser, streamId: string): Promise<Token> {
  const res = await call<Ok<Token>>("POST", `/api/livestream/${streamId}/token`, { token: user.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

/** A viewer's connection, watched: when it got video, how many frames, and when and why it was cut off. */
type Watched = { room: Room; video: Promise<RemoteTrack>; frames: () => number; gone: Promise<{ reason: DisconnectReason; at: number }>; connectError: Promise<unknown> };

/** Every room a test opens, disconnected when it ends, passed or failed (a live room keeps the process up). */
const rooms: Room[] = [];

function watch(url: string, token: string): Watched {
  const room = new Room();
  rooms.push(room);
  let frames = 0;
  const video = new Promise<RemoteTrack>((resolve) =>
    room.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind !== TrackKind.KIND_VIDEO) return;
      resolve(track);
      void (async () => {
        const reader = new VideoStream(track).getReader();
        try {
          while (!(await reader.read()).done) frames++;
        } catch {
          // the track ended with the room
        }
      })();
    }),
  );
  const gone = new Promise<{ reason: DisconnectReason; at: number }>((resolve) => room.on(RoomEvent.Disconnected, (reason) => resolve({ reason, at: Date.now() })));
  // A removal that wins the race against the connection's end makes connect() itself fail: that is a removal too.
  const connectError = room.connect(url, token, { autoSubscribe: true, dynacast: false }).then(
    () => null,
    (err: unknown) => err,
  );
  return { room, video, frames: () => frames, gone, connectError };
}

/** Resolves when the connection is cut (disconnected, or refused while connecting), with the time it took. */
async function cutWithin(w: Watched, from: number, ms: number, what: string): Promise<number> {
  const cut = Promise.race([w.gone.then((g) => g.at), w.connectError.then((e) => (e ? Date.now() : new Promise<number>(() => undefined)))]);
  return (await withTimeout(cut, ms, what)) - from;
}

/** A live stream whose host publishes a small camera from rtc-node; cleaned up when the test ends, however it ends. */
async function liveStream(t: TestContext) {
  const host = await newUser("mmh");
  const s = await createStream(host);
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  const ht = await mediaToken(host, s.streamId);
  const hostRoom = new Room();
  rooms.push(hostRoom);
  let stop = () => undefined as void;
  t.after(async () => {
    stop();
    for (const r of rooms.splice(0)) await r.disconnect().catch(() => undefined);
    await act(host, s.streamId, "end");
  });
  await hostRoom.connect(ht.url, ht.token, { autoSubscribe: false, dynacast: false });
  stop = await publishCamera(hostRoom);
  return { host, s };
}

describe("a ban's media side", () => {
  test("the banned viewer is cut off within a second, their old token is refused again, no new token; unbanned, they watch again", { timeout: 60_000 }, async (t) => {
    const { host, s } = await liveStream(t);
    const viewer = await newUser("mmv");
    const socket = await connected(connect({ token: viewer.token }));
    assert.equal((await ack(socket, "join_stream", { streamId: s.streamId })).success, true);
    const hostSocket = await connected(connect({ token: host.token }));
    assert.equal((await ack(hostSocket, "join_stream", { streamId: s.streamId })).success, true);

    const old = await mediaToken(viewer, s.streamId);
    const first = watch(old.url, old.token);
    await withTimeout(first.video, 15_000, "the viewer receiving the host's video");
    assert.ok(await until(() => first.frames() >= 5, 5000), "the viewer's video frames");

    const banned = next<{ streamId: string }>(socket, "banned", 2000);
    const t0 = Date.now();
    const res = await call("POST", `/api/livestream/${s.streamId}/bans`, { token: host.token, json: { userId: viewer.id, reason: "spam" } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const tookMs = await cutWithin(first, t0, 1000, "the banned viewer's media disconnect");
    assert.equal((await first.gone).reason, DisconnectReason.PARTICIPANT_REMOVED);
    assert.equal((await banned).streamId, s.streamId);
    console.log(`# ban → media disconnect: ${tookMs} ms`);

    // Out of the chat room: the host's next line does not reach the banned socket.
    const leaked = next(socket, "stream_chat_message", 1000).then(() => true, () => false);
    assert.equal((await ack(hostSocket, "stream_chat_message", { streamId: s.streamId, message: "bye" })).success, true);
    assert.equal(await leaked, false, "the banned socket still hears the chat");

    // The same, still unexpired token: in again, and out again at once.
    const t1 = Date.now();
    const again = watch(old.url, old.token);
    const backMs = await cutWithin(again, t1, 2500, "removal of the banned viewer's rejoin");
    console.log(`# rejoin with the old token → removed: ${backMs} ms; video frames received meanwhile: ${again.frames()}`);
    await sleep(1000);
    // LiveKit has no token revocation: a token minted before the ban still opens the room, and the
    // participant_joined re-check removes it within moments. A frame or two may arrive meanwhile (one was
    // seen under a full suite's load); what must hold is that the rejoin is cut off at once and stays out.
    assert.ok(again.frames() <= 5, `the rejoined banned viewer received ${again.frames()} video frames before removal`);

    const refused = await call<Err>("POST", `/api/livestream/${s.streamId}/token`, { token: viewer.token });
    assert.deepEqual([refused.status, refused.body.error.code], [403, "BANNED"]);

    assert.equal((await call("DELETE", `/api/livestream/${s.streamId}/bans/${viewer.id}`, { token: host.token })).status, 200);
    const fresh = await mediaToken(viewer, s.streamId);
    const back = watch(fresh.url, fresh.token);
    await withTimeout(back.video, 15_000, "the unbanned viewer receiving video");
    await sleep(2000);
    assert.ok(back.frames() > 5, `frames after unban: ${back.frames()}`);
    assert.equal(back.room.isConnected, true, "the unbanned viewer was removed");

  });

  test("a revocation made in another process refuses tokens minted before it, not after; lifted, the old token works", { timeout: 60_000 }, async (t) => {
    const { host, s } = await liveStream(t);
    const viewer = await newUser("mmr");
    const old = await mediaToken(viewer, s.streamId);
    const first = watch(old.url, old.token);
    await withTimeout(first.video, 15_000, "video");
    const stream = { id: s.streamId, roomId: s.roomId, hostId: host.id };

    // This test process records the revocation (as banUser in any app process would); the app's webhook
    // knows of no ban, and must refuse the old token from the revocation alone.
    const t0 = Date.now();
    await revokeMediaAccess(stream, viewer.id);
    console.log(`# revokeMediaAccess → disconnect: ${await cutWithin(first, t0, 1000, "revoked viewer's disconnect")} ms`);
    const again = watch(old.url, old.token);
    console.log(`# old token after revocation → removed: ${await cutWithin(again, Date.now(), 2500, "old token refused")} ms`);

    await sleep(20); // a token minted after the revocation, even within the same millisecond's neighbourhood
    const fresh = await mediaToken(viewer, s.streamId);
    const ok = watch(fresh.url, fresh.token);
    await withTimeout(ok.video, 15_000, "a token minted after the revocation");
    await sleep(2000);
    assert.equal(ok.room.isConnected, true, "a token minted after the revocation was refused");
    await ok.room.disconnect();

    await restoreMediaAccess(stream, viewer.id);
    const restored = watch(old.url, old.token);
    await withTimeout(restored.video, 15_000, "the old token after the revocation is lifted");
    await sleep(2000);
    assert.equal(restored.room.isConnected, true);
    await restored.room.disconnect();

    // The host's media are never revoked.
    await revokeMediaAccess(stream, host.id);
    const hostViewer = await newUser("mmw");
    const wt = await mediaToken(hostViewer, s.streamId);
    const w = watch(wt.url, wt.token);
    await withTimeout(w.video, 15_000, "the host still publishing after a revocation of the host's id");

  });
});
