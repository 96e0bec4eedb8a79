import type { StreamDoc } from "@/lib/db/models/stream.model";
import { CAMERA_NAMES, DEFAULT_LAYOUT, LAYOUT_MODES, type CameraName, type Layout, type LayoutMode } from "@/lib/guests/schemas";

/** The stream's layout, with the defaults for a stream that never set one. */
export function layoutOf(s: Pick<StreamDoc, "layout">): Layout {
  const l = s.layout;
  if (!l?.mode) return DEFAULT_LAYOUT;
  const cameras = (l.cameras ?? []).filter((c): c is CameraName => (CAMERA_NAMES as readonly string[]).includes(c));
  const mode = (LAYOUT_MODES as readonly string[]).includes(l.mode) ? (l.mode as LayoutMode) : DEFAULT_LAYOUT.mode;
  return { mode, primary: l.primary ?? null, cameras: cameras.length ? [...new Set(cameras)] : ["camera"] };
}
