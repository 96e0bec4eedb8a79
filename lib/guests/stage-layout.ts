/* Pure and shared: the player arranges the stage with it, and the recorder composes the same picture. */
import type { Layout } from "@/lib/guests/schemas";

/** One video on the stage: the host's cameras and screen, each guest's camera and screen. */
export type Tile<T = unknown> = { key: string; identity: string; host: boolean; source: "camera" | "camera-2" | "screen"; media: T };

export const DEFAULT_STAGE_LAYOUT: Layout = { mode: "spotlight", primary: null, cameras: ["camera"] };

/** Whether the stage needs more than the single picture (a guest, or the host's second camera, is on screen). */
export function isStaged<T>(a: Arranged<T>): boolean {
  return [a.primary, ...a.others].some((t) => t && (!t.host || t.source === "camera-2"));
}

export type Arranged<T> = { mode: Layout["mode"]; primary: Tile<T> | null; others: Tile<T>[] };

/**
 * What the viewer sees, from what is published and the host's layout: the host's cameras that the layout
 * puts on screen (any one of them when none of those is published, so a switch never blanks the stream),
 * every guest's camera and screen (the host's cameras in the layout's order); the primary tile is the layout's choice when it is there, else the host's
 * screen, else the host's camera, else the first. Host first, then guests in the order they came.
 */
export function arrangeStage<T>(tiles: Tile<T>[], layout: Layout): Arranged<T> {
  const hostCams = tiles.filter((t) => t.host && t.source !== "screen");
  // In the layout's order (camera 1 before camera 2 unless the host says otherwise), whatever order they were published in.
  const chosen = layout.cameras.flatMap((c) => hostCams.filter((t) => t.source === c));
  const cams = chosen.length ? chosen : hostCams.slice(0, 1);
  const visible = [...tiles.filter((t) => t.host && t.source === "screen"), ...cams, ...tiles.filter((t) => !t.host)];
  const primary =
    visible.find((t) => t.key === layout.primary) ?? visible.find((t) => t.host && t.source === "screen") ?? cams[0] ?? visible[0] ?? null;
  return { mode: layout.mode, primary, others: visible.filter((t) => t !== primary) };
}
