import { after, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { DisconnectReason, dispose, Room, RoomEvent, TrackKind, TrackSource, type RemoteParticipant, type RemoteTrackPublication } from "@livekit/rtc-node";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Ok } from "./support/streams";
import { ack, closeAll, connect, connected, next, until } from "./support/sockets";
import { publishCamera, withTimeout } from "./support/rtc";
import { closeRedis } from "@/lib/realtime/redis";

/**
 * Guests on stage against the real LiveKit server (rtc-node participants, 320x240 video): an accepted invite
 * lets the guest's open connection publish without reconnecting; what the host did not allow (a screen share)
 * the SFU itself refuses; removal cuts the guest's media at once.
 */
after(async () => {
  closeAll();
  await closeRedis();
  await dispose();
});

type Token = { url: string; token: string; identity: string; role: string };
type Guest = { user: { id: string }; status: string; kind: string; permissions: Record<string, boolean> };

async function mediaToken(user: TestUser, streamId: string): Promise<Token> {
  const res = await call<Ok<Token>>("POST", `/api/livestream/${streamId}/token`, { token: user.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

const rooms: Room[] = [];

async function join(tok: Token, opts: { autoSubscribe?: boolean } = {}): Promise<Room> {
  const room = new Room();
  rooms.push(room);
  await room.connect(tok.url, tok.token, { autoSubscribe: opts.autoSubscribe ?? true, dynacast: false });
  return room;
}

/** A subscriber's view of one participant's video tracks by source, as they come and go. */
function videoOf(room: Room, identity: string) {
  const seen = new Map<string, RemoteTrackPublication>();
  const key = (p: RemoteTrackPublication) => String(p.source);
  room.on(RoomEvent.TrackSubscribed, (track, pub, who: RemoteParticipant) => {
    if (who.identity === identity && track.kind === TrackKind.KIND_VIDEO) seen.set(key(pub), pub);
  });
  room.on(RoomEvent.TrackUnsubscribed, (_t, pub, who: RemoteParticipant) => {
    if (who.identity === identity) seen.delete(key(pub));
  });
  room.on(RoomEvent.ParticipantDisconnected, (who: RemoteParticipant) => {
    if (who.identity === identity) seen.clear();
  });
  return { has: (source: TrackSource) => seen.has(String(source)) };
}

/** A live stream with the host publishing a small camera and a subscriber (the host's own studio connection sees guests). */
async function liveStage(t: TestContext) {
  const host = await newUser("gh");
  const s = await createStream(host);
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  const hostRoom = await join(await mediaToken(host, s.streamId));
  const stops: (() => void)[] = [await publishCamera(hostRoom)];
  t.after(async () => {
    stops.forEach((stop) => stop());
    for (const r of rooms.splice(0)) await r.disconnect().catch(() => undefined);
    await act(host, s.streamId, "end");
  });
  const hostSocket = await connected(connect({ token: host.token }));
  assert.equal((await ack(hostSocket, "join_stream", { streamId: s.streamId })).success, true);
  return { host, streamId: s.streamId, hostRoom, hostSocket, stops };
}

/** Resolves with the publication, or with the error; never hangs past `ms` (a refused publish may never be answered). */
async function tryPublish(room: Room, opts: { name?: string; source?: TrackSource }, ms: number): Promise<{ ok: boolean; stop: () => void }> {
  try {
    const stop = await withTimeout(publishCamera(room, opts), ms, "publish");
    return { ok: true, stop };
  } catch {
    return { ok: false, stop: () => undefined };
  }
}

describe("guests on stage, proved against LiveKit", () => {
  test("accepted over sockets, the guest's open connection publishes without reconnecting; removed, it is cut off", { timeout: 90_000 }, async (t) => {
    const { streamId, hostRoom, hostSocket, stops } = await liveStage(t);
    const guest = await newUser("gg");
    const viewer = await newUser("gv");
    const guestSocket = await connected(connect({ token: guest.token }));
    const viewerSocket = await connected(connect({ token: viewer.token }));
    assert.equal((await ack(guestSocket, "join_stream", { streamId })).success, true);
    assert.equal((await ack(viewerSocket, "join_stream", { streamId })).success, true);

    // Watching first, as a viewer: LiveKit refuses what it tries to publish.
    const before = await mediaToken(guest, streamId);
    assert.equal(before.role, "viewer");
    const guestRoom = await join(before, { autoSubscribe: false });
    let reconnects = 0;
    guestRoom.on(RoomEvent.Reconnecting, () => reconnects++);
    const seen = videoOf(hostRoom, guest.id);
    const refused = await tryPublish(guestRoom, {}, 6_000);
    stops.push(refused.stop);
    assert.equal(refused.ok, false, "a viewer's connection published a camera");
    assert.equal(seen.has(TrackSource.SOURCE_CAMERA), false);

    const invited = next<Guest>(guestSocket, "guest_invited", 5000);
    const inv = await ack<Guest>(hostSocket, "invite_guest", { streamId, userId: guest.id });
    assert.equal(inv.success, true, JSON.stringify(inv.error));
    assert.deepEqual([(await invited).user.id, (await invited).status], [guest.id, "invited"]);

    const onStage = next<Guest>(viewerSocket, "guest_updated", 5000, (g) => g.user.id === guest.id && g.status === "active");
    const accepted = await ack<Guest>(guestSocket, "respond_invite", { streamId, accept: true });
    assert.equal(accepted.success, true, JSON.stringify(accepted.error));
    assert.equal((await onStage).kind, "guest", "the audience hears who came on stage");

    // Same connection, new rights: the camera goes out and the host's connection receives it.
    const cam = await tryPublish(guestRoom, {}, 10_000);
    stops.push(cam.stop);
    assert.equal(cam.ok, true, "the accepted guest could not publish a camera on the open connection");
    assert.ok(await until(() => seen.has(TrackSource.SOURCE_CAMERA), 10_000), "the guest's camera never reached the host");
    assert.equal(reconnects, 0, "the guest reconnected to get the rights");
    assert.equal((await mediaToken(guest, streamId)).role, "guest", "a fresh token carries the guest role");

    const gone = new Promise<DisconnectReason>((resolve) => guestRoom.on(RoomEvent.Disconnected, resolve));
    const removed = next<{ userId: string; reason: string }>(viewerSocket, "guest_removed", 5000);
    const t0 = Date.now();
    const rm = await ack(hostSocket, "remove_guest", { streamId, userId: guest.id });
    assert.equal(rm.success, true, JSON.stringify(rm.error));
    assert.equal(await withTimeout(gone, 5000, "the removed guest's disconnect"), DisconnectReason.PARTICIPANT_REMOVED);
    assert.ok(await until(() => !seen.has(TrackSource.SOURCE_CAMERA), 5000), "the removed guest's camera still reaches the host");
    console.log(`# removal → guest media gone: ${Date.now() - t0} ms`);
    assert.deepEqual(await removed, { streamId, userId: guest.id, reason: "removed" });
    assert.equal((await mediaToken(guest, streamId)).role, "viewer", "off stage, a fresh token only watches");
  });

  test("without screen-share permission LiveKit refuses the guest's screen; allowed live, the same connection shares it", { timeout: 90_000 }, async (t) => {
    const { host, streamId, hostRoom, stops } = await liveStage(t);
    const guest = await newUser("gs");
    const inv = await call("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { userId: guest.id, permissions: { screenShare: false } } });
    assert.equal(inv.status, 201, JSON.stringify(inv.body));
    assert.equal((await call("POST", `/api/livestream/${streamId}/invite/respond`, { token: guest.token, json: { accept: true } })).status, 200);
    const tok = await mediaToken(guest, streamId);
    assert.equal(tok.role, "guest");
    const guestRoom = await join(tok, { autoSubscribe: false });
    const seen = videoOf(hostRoom, guest.id);

    // The camera is allowed: it goes through (the connection itself works).
    const cam = await tryPublish(guestRoom, {}, 10_000);
    stops.push(cam.stop);
    assert.equal(cam.ok, true, "the guest's allowed camera was refused");
    assert.ok(await until(() => seen.has(TrackSource.SOURCE_CAMERA), 10_000), "the guest's camera never arrived");

    // The screen is not: the SFU does not accept the track, and nothing of it reaches a subscriber.
    const screen = await tryPublish(guestRoom, { name: "screen", source: TrackSource.SOURCE_SCREENSHARE }, 8_000);
    stops.push(screen.stop);
    assert.equal(await until(() => seen.has(TrackSource.SOURCE_SCREENSHARE), 3000), false, "a screen share without permission reached the host");
    assert.equal(screen.ok, false, "LiveKit acknowledged a screen share the guest may not publish");

    // Allowed live: the same connection shares its screen, no reconnect.
    const patch = await call("PATCH", `/api/livestream/${streamId}/guests/${guest.id}`, { token: host.token, json: { permissions: { screenShare: true } } });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    const again = await tryPublish(guestRoom, { name: "screen-2", source: TrackSource.SOURCE_SCREENSHARE }, 10_000);
    stops.push(again.stop);
    assert.equal(again.ok, true, "the allowed screen share was refused");
    assert.ok(await until(() => seen.has(TrackSource.SOURCE_SCREENSHARE), 10_000), "the allowed screen share never arrived");

    // Taken away live: LiveKit stops forwarding the screen at once, the camera goes on.
    const revoke = await call("PATCH", `/api/livestream/${streamId}/guests/${guest.id}`, { token: host.token, json: { permissions: { screenShare: false } } });
    assert.equal(revoke.status, 200, JSON.stringify(revoke.body));
    assert.ok(await until(() => !seen.has(TrackSource.SOURCE_SCREENSHARE), 5000), "the revoked screen share still reaches the host");
    assert.equal(seen.has(TrackSource.SOURCE_CAMERA), true, "the camera went with the screen");

    // The host mutes the guest's camera through LiveKit.
    const mute = await call<Ok<{ tracks: number }>>("POST", `/api/livestream/${streamId}/guests/${guest.id}/mute`, { token: host.token, json: { source: "camera" } });
    assert.equal(mute.status, 200, JSON.stringify(mute.body));
    assert.equal(mute.body.data.tracks, 1);
  });
});
