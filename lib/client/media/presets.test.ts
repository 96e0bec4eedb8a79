import { test } from "node:test";
import assert from "node:assert/strict";
import { presetById, QUALITY_PRESETS } from "@/lib/client/media/presets";

test("presets climb from 360p to 4K in resolution and bitrate", () => {
  assert.deepEqual(QUALITY_PRESETS.map((p) => p.id), ["360p", "480p", "720p", "1080p", "1440p", "4k"]);
  for (let i = 1; i < QUALITY_PRESETS.length; i++) {
    const [a, b] = [QUALITY_PRESETS[i - 1]!, QUALITY_PRESETS[i]!];
    assert.ok(b.main.height > a.main.height && b.main.maxBitrate > a.main.maxBitrate, b.id);
  }
});

test("simulcast layers sit below the main layer, smallest first", () => {
  for (const p of QUALITY_PRESETS) {
    assert.ok(p.simulcast.length >= 1, p.id);
    let prev = 0;
    for (const l of p.simulcast) {
      assert.ok(l.height < p.main.height && l.maxBitrate < p.main.maxBitrate, p.id);
      assert.ok(l.height > prev);
      prev = l.height;
    }
  }
});

test("unknown ids fall back to 720p", () => {
  assert.equal(presetById("8k").id, "720p");
});
