import type { LayoutMode } from "@/lib/guests/schemas";
import type { Frame } from "@/workers/record/room-media";

export type Rect = { x: number; y: number; w: number; h: number };

/** Sizes: even and never zero. Offsets: even (chroma planes are half size). */
const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
const at = (n: number) => Math.max(0, Math.floor(n / 2) * 2);

/**
 * Where each tile goes in a W×H picture, primary first, as the player lays them out: spotlight (the primary
 * fills the picture, the others a strip of quarter-size tiles at the bottom right), side by side (up to three
 * equal columns a row), grid (as square as the count allows). Even coordinates: chroma is half size.
 */
export function layoutRects(mode: LayoutMode, count: number, W: number, H: number): Rect[] {
  if (count <= 0) return [];
  if (mode === "spotlight") {
    const tw = even(W / 4);
    const th = even(H / 4);
    const m = even(H / 40);
    const thumbs = Array.from({ length: count - 1 }, (_, i) => ({ x: W - (i + 1) * (tw + m), y: at(H - th - m), w: tw, h: th }));
    return [{ x: 0, y: 0, w: W, h: H }, ...thumbs.filter((r) => r.x >= 0)];
  }
  const cols = mode === "side_by_side" ? Math.min(count, 3) : Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const cw = even(W / cols);
  const ch = even(H / rows);
  return Array.from({ length: count }, (_, i) => ({ x: (i % cols) * cw, y: Math.floor(i / cols) * ch + at((H - rows * ch) / 2), w: cw, h: ch }));
}

/** A black I420 picture (luma 16, chroma 128). */
export function blackFrame(W: number, H: number): Frame {
  const data = new Uint8Array((W * H * 3) / 2);
  data.fill(16, 0, W * H);
  data.fill(128, W * H);
  return { width: W, height: H, data };
}

/** Copies one plane of `src` into a rectangle of `dst`, scaled to fit with its aspect kept (nearest sample). */
function blitPlane(src: Uint8Array, sOff: number, sw: number, sh: number, dst: Uint8Array, dOff: number, dw: number, r: Rect): void {
  const scale = Math.min(r.w / sw, r.h / sh);
  const w = Math.max(1, Math.floor(sw * scale));
  const h = Math.max(1, Math.floor(sh * scale));
  const x0 = r.x + Math.floor((r.w - w) / 2);
  const y0 = r.y + Math.floor((r.h - h) / 2);
  const xs = new Uint32Array(w);
  for (let x = 0; x < w; x++) xs[x] = Math.min(sw - 1, Math.floor(x / scale));
  for (let y = 0; y < h; y++) {
    const sRow = sOff + Math.min(sh - 1, Math.floor(y / scale)) * sw;
    const dRow = dOff + (y0 + y) * dw + x0;
    for (let x = 0; x < w; x++) dst[dRow + x] = src[sRow + xs[x]!]!;
  }
}

/**
 * Draws I420 frames into their rectangles of a black W×H picture: the recording's picture of the stage.
 * Nearest-sample scaling in JavaScript on a small picture (ffmpeg scales the result to the output box):
 * cheap enough to run only when a tile has a new frame.
 */
export function compose(W: number, H: number, tiles: { frame: Frame; rect: Rect }[]): Frame {
  const out = blackFrame(W, H);
  const Y = W * H;
  for (const { frame: f, rect: r } of tiles) {
    if (f.width % 2 || f.height % 2 || f.data.length < (f.width * f.height * 3) / 2) continue;
    const fy = f.width * f.height;
    const half = { x: r.x / 2, y: r.y / 2, w: r.w / 2, h: r.h / 2 };
    blitPlane(f.data, 0, f.width, f.height, out.data, 0, W, r);
    blitPlane(f.data, fy, f.width / 2, f.height / 2, out.data, Y, W / 2, half);
    blitPlane(f.data, fy + fy / 4, f.width / 2, f.height / 2, out.data, Y + Y / 4, W / 2, half);
  }
  return out;
}
