import { route } from "@/lib/http/route";
import { banResult, targetParams } from "@/lib/moderation/schemas";
import { unbanUser } from "@/lib/moderation/bans";

export const DELETE = route(
  { tag: "Moderation", summary: "Lift a ban (host and moderators; idempotent)", auth: "required", params: targetParams, response: banResult, errors: [403, 404, 422] },
  ({ actor, params }) => unbanUser(actor, params.id, params.userId),
);
