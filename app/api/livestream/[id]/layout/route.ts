import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { layout } from "@/lib/guests/schemas";
import { setLayout } from "@/lib/guests/layout";

export const PUT = route(
  {
    tag: "Guests",
    summary: "Set how host and guests share the screen (spotlight, side_by_side, grid), the primary tile and the host's cameras on screen; viewers hear `layout_changed`",
    auth: "required",
    params: streamIdParams,
    body: layout,
    response: layout,
    errors: [403, 404],
  },
  ({ actor, params, body }) => setLayout(actor, params.id, body),
);
