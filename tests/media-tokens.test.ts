import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dispose, RoomEvent, type RemoteTrack } from "@livekit/rtc-node";
import { call, newUser } from "./support/http";
import { act, createStream, type Err, type Ok } from "./support/streams";
import { joinRoom, publishCamera, withTimeout } from "./support/rtc";

type Token = { url: string; token: string; identity: string; role: "host" | "viewer"; roomId: string; expiresAt: string };
type Grants = { video: { room: string; roomJoin: boolean; canPublish: boolean; canPublishData: boolean; canSubscribe: boolean; canPublishSources?: string[]; hidden?: boolean; roomCreate?: boolean; roomAdmin?: boolean }; sub: string; exp: number };

function claims(jwt: string): Grants {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as Grants;
}

after(async () => {
  await dispose();
});

async function liveStream(body: Record<string, unknown> = {}) {
  const host = await newUser("mh");
  const s = await createStream(host, body);
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  return { host, s };
}

describe("POST /api/livestream/{id}/token", () => {
  test("host and viewer grants are set explicitly and fit the caller", async () => {
    const { host, s } = await liveStream();
    const h = await call<Ok<Token>>("POST", `/api/livestream/${s.streamId}/token`, { token: host.token });
    assert.equal(h.status, 200);
    assert.equal(h.body.data.role, "host");
    assert.equal(h.body.data.identity, host.id);
    const hg = claims(h.body.data.token);
    assert.equal(hg.video.room, s.roomId);
    assert.equal(hg.video.canPublish, true);
    assert.deepEqual([...(hg.video.canPublishSources ?? [])].sort(), ["camera", "microphone", "screen_share", "screen_share_audio"]);
    assert.ok(hg.exp - Date.now() / 1000 <= 600 + 5, "short-lived");

    const viewer = await newUser("mv");
    const v = await call<Ok<Token>>("POST", `/api/livestream/${s.streamId}/token`, { token: viewer.token });
    assert.equal(v.body.data.role, "viewer");
    const vg = claims(v.body.data.token);
    assert.equal(vg.video.canPublish, false);
    assert.equal(vg.video.canPublishData, false);
    assert.equal(vg.video.canSubscribe, true);
    assert.equal(vg.video.roomCreate, false);
    assert.equal(vg.video.roomAdmin, false);
    assert.equal(vg.sub, viewer.id);

    const anon = await call<Ok<Token>>("POST", `/api/livestream/${s.streamId}/token`);
    assert.equal(anon.status, 200);
    assert.match(anon.body.data.identity, /^guest_[a-f0-9]{16}$/);
    assert.equal(claims(anon.body.data.token).video.canPublish, false);
    await act(host, s.streamId, "end");
  });

  test("refused for scheduled and ended streams, with codes", async () => {
    const host = await newUser("mh");
    const s = await createStream(host);
    const early = await call<Err>("POST", `/api/livestream/${s.streamId}/token`, { token: host.token });
    assert.deepEqual([early.status, early.body.error.code], [409, "STREAM_NOT_LIVE"]);
    await act(host, s.streamId, "start");
    await act(host, s.streamId, "end");
    const late = await call<Err>("POST", `/api/livestream/${s.streamId}/token`);
    assert.deepEqual([late.status, late.body.error.code], [403, "STREAM_ENDED"]);
    assert.equal((await call("POST", "/api/livestream/nope/token")).status, 400);
    assert.equal((await call("POST", "/api/livestream/0123456789abcdef01234567/token")).status, 404);
  });

  test("audiences: followers-only, subscribers-only and paid streams exclude who they should", async () => {
    const fans = await liveStream({ streamType: "followers_only" });
    const stranger = await newUser("ms");
    assert.equal((await call<Err>("POST", `/api/livestream/${fans.s.streamId}/token`)).status, 401);
    const refused = await call<Err>("POST", `/api/livestream/${fans.s.streamId}/token`, { token: stranger.token });
    assert.deepEqual([refused.status, refused.body.error.code], [403, "FOLLOWERS_ONLY"]);
    await call("POST", `/api/users/${fans.host.id}/follow`, { token: stranger.token });
    assert.equal((await call("POST", `/api/livestream/${fans.s.streamId}/token`, { token: stranger.token })).status, 200);
    assert.equal((await call("POST", `/api/livestream/${fans.s.streamId}/token`, { token: fans.host.token })).status, 200, "the host always");

    const subs = await liveStream({ streamType: "subscribers_only" });
    const noSub = await call<Err>("POST", `/api/livestream/${subs.s.streamId}/token`, { token: stranger.token });
    assert.deepEqual([noSub.status, noSub.body.error.code], [403, "SUBSCRIBERS_ONLY"]);

    const paid = await liveStream({ streamType: "paid", ticketPrice: 5 });
    const noTicket = await call<Err>("POST", `/api/livestream/${paid.s.streamId}/token`, { token: stranger.token });
    assert.deepEqual([noTicket.status, noTicket.body.error.code], [403, "TICKET_REQUIRED"]);
    for (const x of [fans, subs, paid]) await act(x.host, x.s.streamId, "end");
  });

  test("banned users are refused until unbanned", async () => {
    const { host, s } = await liveStream();
    const troll = await newUser("troll");
    const other = await newUser("other");
    assert.equal((await call("POST", `/api/livestream/${s.streamId}/bans`, { token: other.token, json: { userId: troll.id } })).status, 403, "only the host bans");
    assert.equal((await call("POST", `/api/livestream/${s.streamId}/bans`, { token: host.token, json: { userId: "x" } })).status, 400);
    assert.equal((await call("POST", `/api/livestream/${s.streamId}/bans`, { token: host.token, json: { userId: troll.id, reason: "spam" } })).status, 200);
    const banned = await call<Err>("POST", `/api/livestream/${s.streamId}/token`, { token: troll.token });
    assert.deepEqual([banned.status, banned.body.error.code], [403, "BANNED"]);
    await call("DELETE", `/api/livestream/${s.streamId}/bans/${troll.id}`, { token: host.token });
    assert.equal((await call("POST", `/api/livestream/${s.streamId}/token`, { token: troll.token })).status, 200);
    await act(host, s.streamId, "end");
  });
});

describe("grants against the real LiveKit server", () => {
  test("the host publishes and a viewer receives; a viewer token cannot publish", async () => {
    const { host, s } = await liveStream();
    const viewer = await newUser("mv");
    const ht = (await call<Ok<Token>>("POST", `/api/livestream/${s.streamId}/token`, { token: host.token })).body.data;
    const vt = (await call<Ok<Token>>("POST", `/api/livestream/${s.streamId}/token`, { token: viewer.token })).body.data;

    const viewerRoom = await joinRoom(vt.url, vt.token);
    const received = new Promise<RemoteTrack>((resolve) => viewerRoom.on(RoomEvent.TrackSubscribed, (track) => resolve(track)));
    const hostRoom = await joinRoom(ht.url, ht.token);
    const stop = await publishCamera(hostRoom);
    const track = await withTimeout(received, 15_000, "viewer receiving the host's video");
    assert.equal(track.kind, 2 /* KIND_VIDEO */);

    // LiveKit refuses the publication ("no permission to publish track"): it never completes, and nobody
    // in the room ever receives a track from the viewer.
    const fromViewer: string[] = [];
    hostRoom.on(RoomEvent.TrackSubscribed, (_t, _p, participant) => fromViewer.push(participant.identity));
    const outcome = await Promise.race([
      publishCamera(viewerRoom).then(() => "published", (e: unknown) => `refused: ${String(e)}`),
      new Promise<string>((r) => setTimeout(() => r("never completed"), 6000)),
    ]);
    assert.notEqual(outcome, "published");
    assert.equal(viewerRoom.localParticipant?.trackPublications.size ?? 0, 0);
    assert.deepEqual(fromViewer, []);

    stop();
    await viewerRoom.disconnect();
    await hostRoom.disconnect();
    await act(host, s.streamId, "end");
  });

  test("a token for one room does not open another, and rooms are not auto-created", async () => {
    const a = await liveStream();
    const b = await liveStream();
    const ta = (await call<Ok<Token>>("POST", `/api/livestream/${a.s.streamId}/token`, { token: a.host.token })).body.data;
    const room = await joinRoom(ta.url, ta.token);
    assert.equal(room.name, a.s.roomId);
    assert.notEqual(room.name, b.s.roomId);
    await room.disconnect();
    await act(a.host, a.s.streamId, "end");
    await act(b.host, b.s.streamId, "end");
    await assert.rejects(withTimeout(joinRoom(ta.url, ta.token), 10_000, "join of a deleted room"));
  });
});
