import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dispose } from "@livekit/rtc-node";
import { BASE, call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Created, type Ok } from "./support/streams";
import { ffprobe, goOnAir, signal, until } from "./support/media";

type Recording = { id: string; streamId: string; visibility: string; durationSeconds: number; sizeBytes: number; videoUrl: string; posterUrl: string | null; streamType: string };

after(async () => {
  await dispose();
});

const auth = (u?: TestUser): Record<string, string> => (u ? { Authorization: `Bearer ${u.token}` } : {});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Goes live with recording on, publishes for `seconds`, ends. Returns the stream, how long it was live, and
 * how long of that the host was publishing: on a loaded machine the host's own connection can take seconds,
 * and a recording starts with the host's media (at most 3 s before, workers/record/record-job.ts).
 */
async function broadcast(host: TestUser, seconds: number, body: Record<string, unknown> = {}, during?: (s: Created) => Promise<void>) {
  const s = await createStream(host, { features: { recordingEnabled: true }, ...body });
  const started = Date.now();
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  const onAir = await goOnAir(host, s.streamId);
  const publishing = Date.now();
  try {
    await during?.(s);
    await sleep(Math.max(0, seconds * 1000 - (Date.now() - started)));
  } finally {
    assert.equal((await act(host, s.streamId, "end")).status, 200);
    await onAir.stop();
  }
  return { s, liveSeconds: (Date.now() - started) / 1000, mediaSeconds: (Date.now() - publishing) / 1000 };
}

async function recordingOf(streamId: string, who?: TestUser): Promise<Recording> {
  return until("the recording", async () => {
    const r = await call<Ok<Recording>>("GET", `/api/livestream/${streamId}/recording`, { token: who?.token });
    return r.status === 200 ? r.body.data : null;
  }, 30_000, 500);
}

describe("recording, live HLS and thumbnails", { timeout: 120_000 }, () => {
  test("a live stream is served as HLS and thumbnails, then kept as a seekable recording", async () => {
    const host = await newUser("rh");
    let liveChecks = 0;
    const { s, liveSeconds, mediaSeconds } = await broadcast(host, 9, {}, async (s) => {
      // While live: an EVENT playlist, not closed, whose segments are fetchable and immutable.
      const playlist = await until("the live playlist", async () => {
        const r = await fetch(s.urls.hls);
        const text = r.status === 200 ? await r.text() : "";
        return /seg_\d+\.ts/.test(text) ? { r, text } : null;
      }, 15_000);
      assert.match(playlist.r.headers.get("content-type") ?? "", /application\/vnd\.apple\.mpegurl/);
      assert.equal(playlist.r.headers.get("cache-control"), "no-cache");
      assert.match(playlist.text, /#EXT-X-PLAYLIST-TYPE:EVENT/);
      assert.doesNotMatch(playlist.text, /#EXT-X-ENDLIST/);
      const seg = /(seg_\d+\.ts)/.exec(playlist.text)?.[1] ?? "";
      const segRes = await fetch(new URL(seg, s.urls.hls));
      assert.equal(segRes.status, 200);
      assert.equal(segRes.headers.get("content-type"), "video/mp2t");
      assert.match(segRes.headers.get("cache-control") ?? "", /immutable/);
      assert.ok((await segRes.arrayBuffer()).byteLength > 1000);
      // It keeps growing while live (segments every 2 s).
      await until("a growing playlist", async () => ((await (await fetch(s.urls.hls)).text()).match(/seg_\d+\.ts/g) ?? []).length >= 3, 9_000);
      // No path leaves the room's folder.
      for (const bad of ["..%2F..%2Fpids", "index.m3u8.bak", "%2e%2e"]) assert.equal((await fetch(new URL(bad, s.urls.hls))).status, 404, bad);

      // The card's thumbnail: a JPEG within a few seconds, cached a minute, revalidated with 304.
      const thumb = await until("the live thumbnail", async () => {
        const r = await fetch(`${BASE}/api/livestream/${s.streamId}/thumbnail`);
        return r.status === 200 ? r : null;
      }, 10_000);
      assert.equal(thumb.headers.get("content-type"), "image/jpeg");
      assert.match(thumb.headers.get("cache-control") ?? "", /max-age=60/);
      const bytes = Buffer.from(await thumb.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8], "a JPEG");
      const etag = thumb.headers.get("etag") ?? "";
      assert.ok(etag);
      const again = await fetch(`${BASE}/api/livestream/${s.streamId}/thumbnail`, { headers: { "If-None-Match": etag } });
      assert.equal(again.status, 304);
      const view = await until("thumbnailUrl on the stream", async () => {
        const r = await call<Ok<{ thumbnailUrl: string | null }>>("GET", `/api/livestream/${s.streamId}`);
        return r.body.data.thumbnailUrl ? r.body.data : null;
      }, 15_000);
      assert.match(view.thumbnailUrl ?? "", /\/api\/livestream\/[a-f0-9]{24}\/thumbnail\?v=\d+$/);
      liveChecks++;
    });
    assert.equal(liveChecks, 1);

    const rec = await recordingOf(s.streamId);
    const probed = ffprobe(rec.videoUrl);
    assert.ok(probed.video && probed.audio, `video and audio: ${JSON.stringify(probed)}`);
    // All the host published (the end's last segment may be short), and nothing beyond the time on air.
    const span = `duration ${probed.duration} s; live ${liveSeconds} s, the host publishing for ${mediaSeconds} s of it`;
    assert.ok(probed.duration >= mediaSeconds * 0.9 && probed.duration <= liveSeconds * 1.1, span);
    assert.ok(Math.abs(rec.durationSeconds - probed.duration) < 0.5);
    // The host's picture (grey with a bright bar; black would be 16) and tone (silence would be about -91 dB).
    const sig = signal(rec.videoUrl);
    assert.ok(sig.meanLuma > 35, `the host's video, not black: ${sig.meanLuma}`);
    assert.ok(sig.meanVolumeDb > -35, `the host's tone, not silence: ${sig.meanVolumeDb} dB`);

    // Seeking: byte ranges of the MP4.
    const full = Buffer.from(await (await fetch(rec.videoUrl)).arrayBuffer());
    assert.equal(full.length, rec.sizeBytes);
    const part = await fetch(rec.videoUrl, { headers: { Range: "bytes=100-1123" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 100-1123/${full.length}`);
    assert.equal(part.headers.get("accept-ranges"), "bytes");
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), full.subarray(100, 1124));
    const tail = await fetch(rec.videoUrl, { headers: { Range: "bytes=-500" } });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), full.subarray(full.length - 500));
    const outside = await fetch(rec.videoUrl, { headers: { Range: `bytes=${full.length}-` } });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get("content-range"), `bytes */${full.length}`);
    // faststart: the index (moov) comes before the media (mdat).
    assert.ok(full.indexOf("moov") < full.indexOf("mdat"), "moov before mdat");

    // After the end the playlist is closed and plays as VOD.
    const vod = await (await fetch(s.urls.hls)).text();
    assert.match(vod, /#EXT-X-ENDLIST/);
    assert.ok(ffprobe(s.urls.hls).duration > mediaSeconds * 0.85);
    const poster = await fetch(rec.posterUrl ?? "");
    assert.equal(poster.headers.get("content-type"), "image/jpeg");

    // Listed on the channel; only the owner may unlist or delete it.
    const listed = async (who?: TestUser) => (await call<Ok<{ recordings: Recording[] }>>("GET", `/api/users/${host.username}/recordings`, { token: who?.token })).body.data.recordings.map((r) => r.id);
    assert.deepEqual(await listed(), [rec.id]);
    const other = await newUser("ro");
    const origin = { Origin: BASE };
    assert.equal((await call("PATCH", `/api/recordings/${rec.id}`, { token: other.token, json: { visibility: "unlisted" }, headers: origin })).status, 403);
    assert.equal((await call("PATCH", `/api/recordings/${rec.id}`, { json: { visibility: "unlisted" }, headers: origin })).status, 401);
    assert.equal((await call("PATCH", `/api/recordings/${rec.id}`, { token: host.token, json: { visibility: "bogus" } })).status, 400);
    const unlisted = await call<Ok<Recording>>("PATCH", `/api/recordings/${rec.id}`, { token: host.token, json: { visibility: "unlisted" } });
    assert.equal(unlisted.body.data.visibility, "unlisted");
    assert.deepEqual(await listed(), [], "not listed on the channel");
    assert.deepEqual(await listed(host), [rec.id], "the owner still sees it");
    assert.equal((await call("GET", `/api/recordings/${rec.id}`)).status, 200, "the direct link still plays");
    assert.equal((await call("DELETE", `/api/recordings/${rec.id}`, { token: other.token })).status, 403);
    assert.equal((await call("DELETE", `/api/recordings/${rec.id}`, { token: host.token })).status, 200);
    assert.equal((await fetch(rec.videoUrl)).status, 404);
    assert.equal((await call("GET", `/api/recordings/${rec.id}`)).status, 404);
    assert.equal((await fetch(s.urls.hls)).status, 404, "its HLS goes with it");
  });

  test("a followers-only stream's recording and HLS refuse outsiders", async () => {
    const host = await newUser("rf");
    const fan = await newUser("rfan");
    await call("POST", `/api/users/${host.id}/follow`, { token: fan.token });
    const { s } = await broadcast(host, 4, { streamType: "followers_only" }, async (s) => {
      await until("the live playlist", async () => (await fetch(s.urls.hls, { headers: auth(host) })).status === 200, 15_000);
      assert.equal((await fetch(s.urls.hls)).status, 401);
      assert.equal((await fetch(s.urls.hls, { headers: auth(await newUser("rx")) })).status, 403);
      assert.equal((await fetch(s.urls.hls, { headers: auth(fan) })).status, 200);
    });
    const rec = await recordingOf(s.streamId, host);
    const outsider = await newUser("rout");
    const refused = await fetch(rec.videoUrl, { headers: auth(outsider) });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "FOLLOWERS_ONLY");
    assert.equal((await fetch(rec.videoUrl)).status, 401);
    assert.equal((await call("GET", `/api/recordings/${rec.id}`, { token: outsider.token })).status, 403);
    assert.equal((await fetch(rec.videoUrl, { headers: { ...auth(fan), Range: "bytes=0-99" } })).status, 206);
    assert.deepEqual((await call<Ok<{ recordings: Recording[] }>>("GET", `/api/users/${host.id}/recordings`)).body.data.recordings, [], "members-only replays are not listed publicly");
  });

  test("without recordingEnabled the live HLS is removed at the end and no recording is kept", async () => {
    const host = await newUser("rn");
    const s = await createStream(host);
    await act(host, s.streamId, "start");
    const onAir = await goOnAir(host, s.streamId);
    await until("the live playlist", async () => (await fetch(s.urls.hls)).status === 200, 15_000);
    await act(host, s.streamId, "end");
    await onAir.stop();
    await until("the HLS removed", async () => (await fetch(s.urls.hls)).status === 404, 15_000);
    assert.equal((await call("GET", `/api/livestream/${s.streamId}/recording`)).status, 404);
  });
});
