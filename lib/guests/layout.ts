import { connectDb } from "@/lib/db/connection";
import { StreamModel } from "@/lib/db/models/stream.model";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan } from "@/lib/access";
import { stageContext } from "@/lib/guests/context";
import type { Layout, LayoutChangedEvent } from "@/lib/guests/schemas";

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
