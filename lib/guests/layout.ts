import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan } from "@/lib/access";
import { stageContext } from "@/lib/guests/context";
import { layoutOf } from "@/lib/guests/layout-of";
import { DEFAULT_LAYOUT, type Layout, type LayoutChangedEvent } from "@/lib/guests/schemas";

/**
 * Sets how host and guests share the screen (spotlight, side by side, grid), whose tile is primary and which
 * of the host's cameras show. Viewers' players and the recorder follow `layout_changed`.
 * `PUT /api/livestream/{id}/layout` and `set_layout`.
 */
export async function setLayout(actor: Actor, streamId: string, layout: Layout): Promise<Layout> {
  const { snap } = await stageContext(streamId);
  await assertCan(actor, "guests.manage", snap);
  await connectDb();
  await StreamModel.updateOne({ _id: streamId }, { $set: { layout } });
  publish(`stream:${streamId}`, "layout_changed", { streamId, layout } satisfies LayoutChangedEvent);
  return layout;
}

/** The stream's layout as stored (an `_id` read): the recorder follows it while recording. */
export async function layoutOfStream(streamId: string): Promise<Layout> {
  await connectDb();
  const s = await StreamModel.findById(streamId, { layout: 1 }).lean<Pick<StreamDoc, "layout">>();
  return s ? layoutOf(s) : DEFAULT_LAYOUT;
}
