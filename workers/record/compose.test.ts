import { test } from "node:test";
import assert from "node:assert/strict";
import { blackFrame, compose, layoutRects } from "@/workers/record/compose";
import type { Frame } from "@/workers/record/room-media";

const solid = (w: number, h: number, luma: number): Frame => {
  const f = blackFrame(w, h);
  f.data.fill(luma, 0, w * h);
  return f;
};
const lumaAt = (f: Frame, x: number, y: number) => f.data[y * f.width + x];

test("side by side: two equal columns; grid: as square as the count allows; spotlight: the primary fills", () => {
  assert.deepEqual(layoutRects("side_by_side", 2, 640, 360).map((r) => [r.x, r.w]), [[0, 320], [320, 320]]);
  assert.deepEqual(layoutRects("grid", 4, 640, 360).map((r) => [r.x, r.y, r.w, r.h]), [[0, 0, 320, 180], [320, 0, 320, 180], [0, 180, 320, 180], [320, 180, 320, 180]]);
  const spot = layoutRects("spotlight", 3, 640, 360);
  assert.deepEqual(spot[0], { x: 0, y: 0, w: 640, h: 360 });
  assert.equal(spot.length, 3);
  for (const r of spot.slice(1)) assert.ok(r.x >= 0 && r.x + r.w <= 640 && r.y + r.h <= 360 && r.w === 160, JSON.stringify(r));
  assert.deepEqual(layoutRects("grid", 0, 640, 360), []);
});

test("compose draws each frame into its rectangle, aspect kept, the rest black", () => {
  const host = solid(320, 240, 100);
  const guest = solid(320, 240, 235);
  const rects = layoutRects("side_by_side", 2, 640, 360);
  const out = compose(640, 360, [{ frame: host, rect: rects[0]! }, { frame: guest, rect: rects[1]! }]);
  assert.equal(lumaAt(out, 160, 180), 100, "the host in the left half");
  assert.equal(lumaAt(out, 480, 180), 235, "the guest in the right half");
  // 4:3 into 320×360 is letterboxed: black above and below.
  assert.equal(lumaAt(out, 160, 5), 16);
  assert.equal(out.data[640 * 360 + 90 * 320 + 80], 128, "chroma stays neutral");
  // Spotlight: the guest's thumbnail sits over the host's picture at the bottom right.
  const spot = layoutRects("spotlight", 2, 640, 360);
  const s = compose(640, 360, [{ frame: host, rect: spot[0]! }, { frame: guest, rect: spot[1]! }]);
  const t = spot[1]!;
  assert.equal(lumaAt(s, t.x + t.w / 2, t.y + t.h / 2), 235);
  assert.equal(lumaAt(s, 320, 100), 100);
});
