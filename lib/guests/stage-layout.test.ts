import { test } from "node:test";
import assert from "node:assert/strict";
import { arrangeStage, type Tile } from "@/lib/guests/stage-layout";
import type { Layout } from "@/lib/guests/schemas";

const tile = (key: string, host: boolean, source: Tile["source"]): Tile => ({ key, identity: key.split("#")[0]!, host, source, media: null });
const cam1 = tile("h", true, "camera");
const cam2 = tile("h#camera-2", true, "camera-2");
const screen = tile("h#screen", true, "screen");
const guest = tile("g", false, "camera");
const L = (l: Partial<Layout>): Layout => ({ mode: "spotlight", primary: null, cameras: ["camera"], ...l });
const keys = (a: { primary: Tile | null; others: Tile[] }) => [a.primary?.key ?? null, ...a.others.map((t) => t.key)];

test("the host's camera leads by default; guests follow", () => {
  assert.deepEqual(keys(arrangeStage([guest, cam1], L({}))), ["h", "g"]);
});

test("the layout's primary wins when it is on screen, else it falls back", () => {
  assert.deepEqual(keys(arrangeStage([cam1, guest], L({ primary: "g" }))), ["g", "h"]);
  assert.deepEqual(keys(arrangeStage([cam1], L({ primary: "g" }))), ["h"]);
});

test("multi-camera: only the cameras the layout puts on screen, and never none", () => {
  assert.deepEqual(keys(arrangeStage([cam1, cam2, guest], L({ cameras: ["camera-2"] }))), ["h#camera-2", "g"]);
  assert.deepEqual(keys(arrangeStage([cam1, cam2], L({ cameras: ["camera", "camera-2"], primary: "h#camera-2" }))), ["h#camera-2", "h"]);
  assert.deepEqual(keys(arrangeStage([cam1, guest], L({ cameras: ["camera-2"] }))), ["h", "g"], "camera 2 not published: camera 1 stays");
  assert.deepEqual(keys(arrangeStage([cam2, guest, cam1], L({ cameras: ["camera", "camera-2"] }))), ["h", "h#camera-2", "g"], "published in any order, shown in the layout's");
  assert.deepEqual(keys(arrangeStage([cam1, cam2], L({ cameras: ["camera-2", "camera"] }))), ["h#camera-2", "h"]);
});

test("the host's screen share is primary unless the layout names another tile", () => {
  assert.deepEqual(keys(arrangeStage([cam1, screen, guest], L({}))), ["h#screen", "h", "g"]);
  assert.deepEqual(keys(arrangeStage([cam1, screen, guest], L({ primary: "g", mode: "grid" }))), ["g", "h#screen", "h"]);
});

test("an empty stage has no primary", () => {
  assert.deepEqual(arrangeStage([], L({})), { mode: "spotlight", primary: null, others: [] });
});
