import { route } from "@/lib/http/route";
import { moderatorResult, targetParams } from "@/lib/moderation/schemas";
import { removeModerator } from "@/lib/moderation/moderators";

export const DELETE = route(
  {
    tag: "Moderation",
    summary: "Remove a moderator (moderators: host and lead moderators; leads: host; idempotent)",
    auth: "required",
    params: targetParams,
    response: moderatorResult,
    errors: [403, 404, 422],
  },
  ({ actor, params }) => removeModerator(actor, params.id, params.userId),
);
