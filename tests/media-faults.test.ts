import fs from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dispose } from "@livekit/rtc-node";
import { BASE, call, newUser } from "./support/http";
import { act, createStream, type Ok } from "./support/streams";
import { ffprobe, goOnAir, signal, until } from "./support/media";
import { startMediaWorker } from "../scripts/services/worker";
import { alive } from "../scripts/services/process";

/**
 * The media worker killed (SIGKILL, its ffmpeg with it) mid-recording: what it wrote stays, another worker
 * continues the same playlist, and the recording holds both. The app's and LiveKit's faults are in
 * e2e/media-faults.spec.ts (real browsers).
 */
type Recording = { id: string; durationSeconds: number; videoUrl: string };

after(async () => {
  await dispose();
});

async function recordingOf(streamId: string): Promise<Recording> {
  return until("the recording", async () => {
    const r = await call<Ok<Recording>>("GET", `/api/livestream/${streamId}/recording`);
    return r.status === 200 ? r.body.data : null;
  }, 30_000, 500);
}

type Health = { data: { media?: { workers: { id: string }[]; jobs: { id: string; worker: string | null }[] } } };

async function jobHolder(streamId: string): Promise<string | null> {
  const r = await fetch(`${BASE}/api/health`, { headers: { Authorization: `Bearer ${process.env.HEALTH_TOKEN}` } });
  const body = (await r.json()) as Health;
  return body.data.media?.jobs.find((j) => j.id === `record:${streamId}`)?.worker ?? null;
}

const segmentsOf = (playlist: string) => playlist.match(/seg_\d+\.ts/g) ?? [];
const extinfSeconds = (playlist: string) => [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].reduce((n, m) => n + Number(m[1]), 0);

describe("recorder takeover", { timeout: 150_000 }, () => {
  test("a killed worker's recording is taken over within seconds, leaving no ffmpeg behind", async () => {
    const dataDir = path.join(".data", "test");
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
    const second = await startMediaWorker({ env: { ...env, MEDIA_RTMP: "false" }, dataDir, name: "media-worker-2" });
    // The harness's worker is paused while the job is handed out, so the second worker (the one killed) takes it.
    const mainPid = Number(fs.readFileSync(path.join(path.dirname(process.env.MEDIA_DIR ?? ""), "pids", "media-worker.pid"), "utf8"));
    assert.ok(mainPid > 0);
    const host = await newUser("rk");
    const s = await createStream(host, { features: { recordingEnabled: true } });
    let onAir: Awaited<ReturnType<typeof goOnAir>> | null = null;
    const started = Date.now();
    let kept: { segments: string[]; seconds: number } = { segments: [], seconds: 0 };
    try {
      process.kill(-mainPid, "SIGSTOP");
      try {
        await act(host, s.streamId, "start");
        assert.equal(await until("the second worker holds the job", async () => (await jobHolder(s.streamId)) === second.id, 10_000), true);
      } finally {
        process.kill(-mainPid, "SIGCONT");
      }
      onAir = await goOnAir(host, s.streamId);
      const before = await until("segments from the second worker", async () => {
        const text = await (await fetch(s.urls.hls)).text();
        return (text.match(/seg_\d+\.ts/g) ?? []).length >= 2 ? text : null;
      }, 15_000);
      const pidDir = path.join(process.env.MEDIA_DIR ?? "", "pids");
      const ffmpegs = fs.readdirSync(pidDir).map((f) => Number(f.replace(/\.pid$/, ""))).filter((p) => p > 0);
      assert.ok(ffmpegs.length >= 1, "the second worker runs ffmpeg");

      // What the playlist holds when the worker dies (SIGKILL of its group, ffmpeg included): every segment listed is complete.
      const atKill = await (await fetch(s.urls.hls)).text();
      second.kill();
      const killedAt = Date.now();
      kept = { segments: segmentsOf(atKill), seconds: extinfSeconds(atKill) };
      assert.ok(kept.segments.length >= 2);
      // Written so far, kept and playable: the last segment before the crash decodes (video and audio).
      const lastUrl = new URL(kept.segments.at(-1) ?? "", s.urls.hls).toString();
      const last = ffprobe(lastUrl);
      assert.ok(last.video && last.audio, `the last segment before the crash: ${JSON.stringify(last)}`);
      // It decodes to the host's picture (grey with a bright bar; black would be 16).
      const picture = signal(lastUrl, 0);
      assert.ok(picture.meanLuma > 35, `the last segment before the crash decodes to the host's video: ${JSON.stringify(picture)}`);
      const taker = await until("another worker takes the job", async () => {
        const w = await jobHolder(s.streamId);
        return w && w !== second.id ? w : null;
      }, 12_000, 200);
      const takeoverSeconds = (Date.now() - killedAt) / 1000;
      assert.ok(takeoverSeconds < 8, `taken over in ${takeoverSeconds} s`);
      assert.notEqual(taker, second.id);
      await until("the killed worker's ffmpeg gone", async () => ffmpegs.every((p) => !alive(p)), 8_000);

      const segsBefore = (before.match(/seg_\d+\.ts/g) ?? []).length;
      const after = await until("the playlist continues", async () => {
        const text = await (await fetch(s.urls.hls)).text();
        return (text.match(/seg_\d+\.ts/g) ?? []).length >= segsBefore + 2 ? text : null;
      }, 20_000);
      assert.match(after, /#EXT-X-DISCONTINUITY/);
      assert.doesNotMatch(after, /#EXT-X-ENDLIST/);
    } finally {
      process.kill(-mainPid, "SIGCONT");
      await act(host, s.streamId, "end");
      await onAir?.stop();
      await second.stop();
    }
    const liveSeconds = (Date.now() - started) / 1000;
    const rec = await recordingOf(s.streamId);
    const probed = ffprobe(rec.videoUrl);
    assert.ok(probed.video && probed.audio);
    assert.ok(probed.duration > liveSeconds * 0.5 && probed.duration < liveSeconds * 1.05, `duration ${probed.duration} s of ${liveSeconds} s live (the takeover gap is cut)`);
    // One recording (its row made by the finishing job) holding what was written before the crash, then the rest:
    // the closed playlist lists the crashed worker's segments first, in order, a discontinuity, then the new worker's.
    const vod = await (await fetch(s.urls.hls)).text();
    const all = segmentsOf(vod);
    assert.deepEqual(all.slice(0, kept.segments.length), kept.segments, "the segments written before the crash open the recording");
    assert.ok(all.length >= kept.segments.length + 2, "and the stream went on being recorded after the takeover");
    assert.ok(vod.indexOf("#EXT-X-DISCONTINUITY", vod.indexOf(kept.segments.at(-1) ?? "")) > 0, `the takeover is marked after them:\n${vod}`);
    assert.ok(probed.duration >= kept.seconds + 2, `the recording (${probed.duration} s) holds the ${kept.seconds} s before the crash and more`);
    assert.ok(Math.abs(rec.durationSeconds - probed.duration) < 0.5);
  });
});
