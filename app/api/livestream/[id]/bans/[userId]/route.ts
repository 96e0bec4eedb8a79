import { z } from "zod";
import { route } from "@/lib/http/route";
import { objectId } from "@/lib/streams/schemas";
import { unbanUser } from "@/lib/moderation/bans";

const params = z.object({ id: objectId, userId: objectId });

export const DELETE = route(
  { tag: "Moderation", summary: "Lift a ban (host only; idempotent)", auth: "required", params, response: z.object({ banned: z.boolean(), userId: z.string() }), errors: [403, 404] },
  ({ actor, params }) => unbanUser(actor, params.id, params.userId),
);
