import test from "node:test";
import assert from "node:assert/strict";
import { readStampLuma, stampI420 } from "./stamp";

const picture = (W: number, H: number, ms: number) => {
  const buf = Buffer.alloc((W * H * 3) / 2);
  stampI420(buf, W, H, ms, 7);
  return buf;
};

/** Box-averaged downscale of a luma plane by `k`: what a lower simulcast layer's encoder starts from. */
function downscale(y: Uint8Array, W: number, H: number, k: number): Uint8Array {
  const w = W / k;
  const out = new Uint8Array(w * (H / k));
  for (let r = 0; r < H / k; r++)
    for (let c = 0; c < w; c++) {
      let sum = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sum += y[(r * k + i) * W + c * k + j]!;
      out[r * w + c] = Math.round(sum / (k * k));
    }
  return out;
}

test("a stamp reads back at the sizes a viewer receives (720p and its 360p and 180p layers)", () => {
  for (const ms of [0, 1, 123_456, 0x7fffffff, 0xfffffffe]) {
    const y = picture(1280, 720, ms);
    assert.equal(readStampLuma(y, 1280, 720), ms);
    assert.equal(readStampLuma(downscale(y, 1280, 720, 2), 640, 360), ms);
    assert.equal(readStampLuma(downscale(y, 1280, 720, 4), 320, 180), ms);
  }
});

test("a stamp survives noise of the size compression adds", () => {
  const y = picture(640, 360, 987_654);
  let seed = 1;
  for (let i = 0; i < 640 * 360; i++) {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    y[i] = Math.max(0, Math.min(255, y[i]! + ((seed >>> 16) % 81) - 40));
  }
  assert.equal(readStampLuma(y, 640, 360), 987_654);
});

test("a block that changed in one band only makes the frame unreadable, never a wrong time", () => {
  const W = 640;
  const H = 360;
  const y = picture(W, H, 0b1010);
  const bw = W / 34;
  // Bit 31 (the last block) of the value band flipped from 0 to 1.
  const x = Math.floor((31 + 1.5) * bw);
  y[Math.floor(H / 12) * W + x] = 235;
  assert.equal(readStampLuma(y, W, H), null);
});
