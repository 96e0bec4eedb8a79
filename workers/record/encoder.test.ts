import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ClockedEncoder, type MediaSource } from "@/workers/record/encoder";
import { playlistSeconds } from "@/workers/record/finalize";
import type { Frame } from "@/workers/record/room-media";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A host sending 1280x720 frames (about 1.4 MB each to ffmpeg, so its 48 MB queue fills in about a second) and no microphone. */
function host(): MediaSource {
  const [w, h] = [1280, 720];
  const frame: Frame = { width: w, height: h, data: new Uint8Array((w * h * 3) / 2).fill(128) };
  return { frame: () => frame, hasAudio: () => false, queuedPcm: () => 0, takePcm: () => Buffer.alloc(0), trimPcm: () => undefined };
}

test("a recorder whose ffmpeg fell behind still records until the end (the frames it could not take yet are written at the end)", { timeout: 90_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "encoder-"));
  try {
    const encoder = new ClockedEncoder({ dir, width: 1280, height: 720, fps: 30, offsetSeconds: 0, append: false }, host());
    const started = Date.now();
    encoder.start();
    await sleep(1_000);
    // ffmpeg stalls for 3 s (a loaded machine, at its worst): its queue fills and the clock runs ahead of it.
    const ffmpeg = (encoder as unknown as { child: ChildProcess }).child;
    process.kill(ffmpeg.pid ?? 0, "SIGSTOP");
    await sleep(3_000);
    process.kill(ffmpeg.pid ?? 0, "SIGCONT");
    // The stream ends at once, the recorder still far behind.
    const wall = (Date.now() - started) / 1000;
    await encoder.finish();
    const recorded = playlistSeconds(path.join(dir, "index.m3u8"));
    assert.ok(recorded >= wall - 0.5 && recorded <= wall + 0.5, `recorded ${recorded} s of ${wall} s`);
    assert.match(fs.readFileSync(path.join(dir, "index.m3u8"), "utf8"), /#EXT-X-ENDLIST/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
