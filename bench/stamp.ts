/**
 * The time a picture was drawn, written into the picture itself so it survives encode, transport and decode:
 * 32 black/white blocks across the top sixth (the value, most significant bit first, in ms since an epoch
 * both ends share), and below them a second band with every bit inverted. A read counts only when the two
 * bands agree, so a block smeared by compression drops the frame instead of reporting a wrong latency.
 * Blocks are 1/34 of the width (the two outer slots stay empty): about 9 px even on a 320x180 simulcast layer.
 *
 * Node pictures are I420 (luma 16 black, 235 white); browser canvases draw the same layout (STAMP_JS below).
 */
export const BITS = 32;
const ALL_ONES = 0xffffffff;

/** Writes `ms` (and its complement) into the luma plane of an I420 picture, and a bar at `n` that moves. */
export function stampI420(buf: Buffer, W: number, H: number, ms: number, n: number): void {
  buf.fill(60, 0, W * H);
  buf.fill(128, W * H);
  const bw = W / (BITS + 2);
  const bh = Math.floor(H / 6);
  for (let b = 0; b < BITS; b++) {
    const one = (ms >>> (BITS - 1 - b)) & 1;
    const x0 = Math.round((b + 1) * bw);
    const x1 = Math.round((b + 2) * bw);
    for (let y = 0; y < bh; y++) buf.fill(one ? 235 : 16, y * W + x0, y * W + x1);
    for (let y = bh; y < 2 * bh; y++) buf.fill(one ? 16 : 235, y * W + x0, y * W + x1);
  }
  // Motion, so the encoder has real work and never sends skipped frames only.
  const x = (n * 8) % W;
  for (let y = H / 2; y < H / 2 + 40; y++) buf.fill(235, y * W + x, y * W + Math.min(W, x + 40));
}

/** The stamp of a luma plane (`stride` bytes a row), or null when its two bands disagree. */
export function readStampLuma(y: Uint8Array, W: number, H: number, stride = W): number | null {
  const bw = W / (BITS + 2);
  const rowA = Math.floor(H / 12) * stride;
  const rowB = Math.floor(H / 4) * stride;
  let a = 0;
  let b = 0;
  for (let i = 0; i < BITS; i++) {
    const x = Math.floor((i + 1.5) * bw);
    a = (a * 2 + ((y[rowA + x] ?? 0) > 128 ? 1 : 0)) >>> 0;
    b = (b * 2 + ((y[rowB + x] ?? 0) > 128 ? 1 : 0)) >>> 0;
  }
  return (a ^ b) >>> 0 === ALL_ONES ? a : null;
}

/**
 * The same scheme in the browser, as plain JavaScript for `addInitScript` (tsx's transform would add
 * helpers to a serialised function). `__stampDraw(ctx, W, H, ms, n)` draws a picture;
 * `__stampRead(video)` reads the frame a <video> shows now (its top third scaled into a 340x40 canvas:
 * each block 10 px, the value band's middle at row 10, the complement's at row 30), or null.
 */
export const STAMP_JS = `
window.__stampDraw = (ctx, W, H, ms, n) => {
  ctx.fillStyle = "#3c3c3c";
  ctx.fillRect(0, 0, W, H);
  const bw = W / 34, bh = Math.floor(H / 6);
  for (let b = 0; b < 32; b++) {
    const one = (ms >>> (31 - b)) & 1;
    const x0 = Math.round((b + 1) * bw), x1 = Math.round((b + 2) * bw);
    ctx.fillStyle = one ? "#fff" : "#000";
    ctx.fillRect(x0, 0, x1 - x0, bh);
    ctx.fillStyle = one ? "#000" : "#fff";
    ctx.fillRect(x0, bh, x1 - x0, bh);
  }
  ctx.fillStyle = "#fff";
  ctx.fillRect((n * 8) % W, H / 2, 40, 40);
};
(() => {
  let ctx = null;
  window.__stampRead = (v) => {
    const vw = v.videoWidth, vh = v.videoHeight;
    if (!vw || !vh) return null;
    if (!ctx) {
      const c = document.createElement("canvas");
      c.width = 340; c.height = 40;
      ctx = c.getContext("2d", { willReadFrequently: true });
    }
    ctx.drawImage(v, 0, 0, vw, vh / 3, 0, 0, 340, 40);
    const d = ctx.getImageData(0, 0, 340, 40).data;
    let a = 0, b = 0;
    for (let i = 0; i < 32; i++) {
      const x = 15 + 10 * i;
      a = (a * 2 + (d[(10 * 340 + x) * 4 + 1] > 128 ? 1 : 0)) >>> 0;
      b = (b * 2 + (d[(30 * 340 + x) * 4 + 1] > 128 ? 1 : 0)) >>> 0;
    }
    return ((a ^ b) >>> 0) === 0xffffffff ? a : null;
  };
})();
`;
