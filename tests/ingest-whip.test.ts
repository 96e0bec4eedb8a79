import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { AccessToken, TrackSource } from "livekit-server-sdk";
import { dispose } from "@livekit/rtc-node";
import { BASE, call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Created, type Ok, type StreamData } from "./support/streams";
import { joinRoom, publishCamera } from "./support/rtc";
import { identitiesIn, livekitRooms, roomExists, trickleFragment, whipOffer, whipOfferParts } from "./support/whip";
import { ack, closeAll, connect, connected, next } from "./support/sockets";

after(async () => {
  closeAll();
  await dispose();
});

const WHIP = "/api/ingest/whip";
const encoder = (hostId: string) => `${hostId}:encoder`;

function whip(method: string, path: string, opts: { key?: string; type?: string; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
  if (opts.type) headers["Content-Type"] = opts.type;
  return call<string | { success: false; error: { code: string } }>(method, path, { raw: opts.body, headers });
}

const offer = (key?: string, type = "application/sdp") => whip("POST", WHIP, { key, type, body: whipOffer() });

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function status(id: string): Promise<string> {
  return (await call<Ok<StreamData>>("GET", `/api/livestream/${id}`)).body.data.status;
}

function code(body: unknown): string | undefined {
  return typeof body === "object" && body ? (body as { error?: { code?: string } }).error?.code : undefined;
}

async function scheduled(prefix = "wp", verified = true): Promise<{ host: TestUser; s: Created }> {
  const host = await newUser(prefix, { verified });
  return { host, s: await createStream(host) };
}

describe("WHIP ingest: the endpoint the create response names", { timeout: 30_000 }, () => {
  test("urls.whip is the app's own endpoint, without the key; OPTIONS says what it accepts", async () => {
    const { s } = await scheduled();
    assert.equal(s.urls.whip, `${BASE}${WHIP}`);
    assert.ok(!s.urls.whip.includes(s.streamKey));
    const res = await whip("OPTIONS", WHIP);
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("accept-post"), "application/sdp");
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
  });

  test("a missing, malformed, unknown or wrong-scheme key is 401 before anything reaches LiveKit", async () => {
    const { s } = await scheduled();
    const wrong = `live_${randomBytes(32).toString("hex")}`;
    const attempts = [
      await offer(undefined),
      await offer(wrong),
      await offer("live_short"),
      await whip("POST", WHIP, { type: "application/sdp", body: whipOffer(), headers: { Authorization: `Basic ${s.streamKey}` } }),
    ];
    for (const res of attempts) {
      assert.equal(res.status, 401);
      assert.equal(code(res.body), "UNAUTHENTICATED");
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer /);
    }
    assert.equal(await roomExists(s.roomId), false, "no room was opened for a refused key");
  });

  test("a good key with a wrong content type or an empty offer is 4xx and opens nothing", async () => {
    const { s } = await scheduled();
    const json = await whip("POST", WHIP, { key: s.streamKey, type: "application/json", body: JSON.stringify({ sdp: whipOffer() }) });
    assert.equal(json.status, 415);
    assert.equal(code(json.body), "UNSUPPORTED_MEDIA_TYPE");
    const empty = await whip("POST", WHIP, { key: s.streamKey, type: "application/sdp", body: "" });
    assert.equal(empty.status, 400);
    assert.equal(await roomExists(s.roomId), false);
  });

  test("an unverified host's key is refused (403), so is a host already live elsewhere (409); an ended stream's key opens nothing", async () => {
    const { s } = await scheduled("wu", false);
    const res = await offer(s.streamKey);
    assert.equal(res.status, 403);
    assert.equal(code(res.body), "EMAIL_NOT_VERIFIED");
    assert.equal(await roomExists(s.roomId), false);

    // A host already on air with another stream: OBS hears 409 rather than streaming into a stream that cannot start.
    const { host, s: other } = await scheduled();
    const onAir = await createStream(host);
    await act(host, onAir.streamId, "start");
    const busy = await offer(other.streamKey);
    assert.equal(busy.status, 409);
    assert.equal(code(busy.body), "ALREADY_LIVE");
    await act(host, onAir.streamId, "end");
    await act(host, other.streamId, "end");
    const ended = await offer(other.streamKey);
    assert.equal(ended.status, 403);
    assert.equal(code(ended.body), "STREAM_ENDED");
  });

  test("a good key gets LiveKit's answer, our session URL, and the encoder joins the host's room; PATCH trickles, DELETE ends it", async () => {
    const { host, s } = await scheduled();
    const parts = whipOfferParts();
    const res = await whip("POST", WHIP, { key: s.streamKey, type: "application/sdp", body: parts.sdp });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.headers.get("content-type") ?? "", /^application\/sdp/);
    assert.match(String(res.body), /^v=0\r?\n/);
    assert.match(String(res.body), /a=setup:(active|passive)/);
    const location = res.headers.get("location") ?? "";
    assert.match(location, new RegExp(`^${BASE}${WHIP}/PA_[A-Za-z0-9]+\\.[A-Za-z0-9_-]{22}$`));
    assert.ok(res.headers.get("etag"), "an ETag for trickle ICE");
    assert.ok(!location.includes(s.streamKey));
    assert.ok(await waitFor(async () => (await identitiesIn(s.roomId)).includes(encoder(host.id)), 5000), "the encoder identity is in the room");

    const path = new URL(location).pathname;
    // The session URL needs the key too, and a forged one names nothing.
    assert.equal((await whip("DELETE", path)).status, 401);
    assert.equal((await whip("DELETE", path.replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAA"), { key: s.streamKey })).status, 404);
    const noMatch = await whip("PATCH", path, { key: s.streamKey, type: "application/trickle-ice-sdpfrag", body: "a=ice-ufrag:abcd\r\n" });
    assert.equal(noMatch.status, 428);
    assert.equal((await whip("PATCH", path, { key: s.streamKey, type: "text/plain", body: "x", headers: { "If-Match": "*" } })).status, 415);
    assert.equal((await whip("OPTIONS", path)).headers.get("accept-patch"), "application/trickle-ice-sdpfrag");
    // Trickle ICE reaches LiveKit's session: a candidate with the offer's credentials is taken (204), others refused (400).
    const etag = res.headers.get("etag") ?? "";
    const trickle = await whip("PATCH", path, { key: s.streamKey, type: "application/trickle-ice-sdpfrag", body: trickleFragment(parts.ufrag, parts.pwd), headers: { "If-Match": etag } });
    assert.equal(trickle.status, 204, JSON.stringify(trickle.body));
    const mismatch = await whip("PATCH", path, { key: s.streamKey, type: "application/trickle-ice-sdpfrag", body: trickleFragment("zzzz", parts.pwd), headers: { "If-Match": etag } });
    assert.equal(mismatch.status, 400);

    const del = await whip("DELETE", path, { key: s.streamKey });
    assert.equal(del.status, 200);
    assert.ok(await waitFor(async () => !(await identitiesIn(s.roomId)).includes(encoder(host.id)), 5000), "the encoder left the room");
    assert.equal(await status(s.streamId), "scheduled", "no media arrived, so the stream did not start");
  });

  test("rotating the key removes the encoder at once and the old key is 401 from then on", async () => {
    const { host, s } = await scheduled();
    const res = await offer(s.streamKey);
    assert.equal(res.status, 201);
    const path = new URL(res.headers.get("location") ?? "").pathname;
    assert.ok(await waitFor(async () => (await identitiesIn(s.roomId)).includes(encoder(host.id)), 5000));

    const rotated = await call<Ok<{ streamKey: string; urls: { whip: string } }>>("POST", `/api/livestream/${s.streamId}/key/rotate`, { token: host.token });
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.data.streamKey, s.streamKey);
    assert.ok(await waitFor(async () => !(await identitiesIn(s.roomId)).includes(encoder(host.id)), 3000), "the old key's session was cut off");

    assert.equal((await offer(s.streamKey)).status, 401);
    assert.equal((await whip("DELETE", path, { key: s.streamKey })).status, 401);
    const again = await offer(rotated.body.data.streamKey);
    assert.equal(again.status, 201);
    assert.equal((await whip("DELETE", new URL(again.headers.get("location") ?? "").pathname, { key: rotated.body.data.streamKey })).status, 200);
  });
});

/** An encoder as the RTMP ingest job publishes it (rtc-node under the encoder identity), for the webhook path. */
async function encoderInRoom(s: Created, hostId: string) {
  // The ingest job opens the room before it publishes, as the WHIP endpoint does.
  await livekitRooms().createRoom({ name: s.roomId, emptyTimeout: 60 });
  const at = new AccessToken(process.env.LIVEKIT_API_KEY ?? "", process.env.LIVEKIT_API_SECRET ?? "", { identity: encoder(hostId), ttl: 120 });
  at.addGrant({ room: s.roomId, roomJoin: true, canPublish: true, canSubscribe: false, canPublishData: false, canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE] });
  const room = await joinRoom(process.env.LIVEKIT_URL ?? "", await at.toJwt());
  const stop = await publishCamera(room);
  return async () => {
    stop();
    await room.disconnect();
  };
}

describe("going live when the encoder's media arrive", { timeout: 60_000 }, () => {
  test("a scheduled stream starts on the host's behalf, open pages hear stream_started, and the encoder leaving is 'reconnecting'", async () => {
    const { host, s } = await scheduled("wg");
    const viewer = await connected(connect());
    const joined = await ack(viewer, "join_stream", { streamId: s.streamId });
    assert.equal(joined.success, true, JSON.stringify(joined));
    const started = next<{ streamId: string; status: string; reason: string }>(viewer, "stream_started", 20_000);
    const leave = await encoderInRoom(s, host.id);
    const ev = await started;
    assert.deepEqual([ev.streamId, ev.status, ev.reason], [s.streamId, "live", "encoder"]);
    assert.equal(await status(s.streamId), "live");

    const reconnecting = next(viewer, "host_reconnecting", 15_000);
    await leave();
    await reconnecting;
    viewer.close();
    await act(host, s.streamId, "end");
  });

  test("an unverified host's encoder media do not start the stream; a paused stream stays paused", async () => {
    const { host, s } = await scheduled("wn", false);
    // The app refuses this host's WHIP offer; an encoder that reached the room anyway still does not start it.
    const leave = await encoderInRoom(s, host.id);
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal(await status(s.streamId), "scheduled");
    await leave();

    const { host: h2, s: s2 } = await scheduled("wq");
    await act(h2, s2.streamId, "start");
    await act(h2, s2.streamId, "pause");
    const leave2 = await encoderInRoom(s2, h2.id);
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal(await status(s2.streamId), "paused");
    await leave2();
    await act(h2, s2.streamId, "end");
  });
});
