import { route } from "@/lib/http/route";
import { targetParams, userCard } from "@/lib/moderation/schemas";
import { userCard as cardOf } from "@/lib/moderation/user-card";

export const GET = route(
  { tag: "Moderation", summary: "A user's card as moderators see it: role, follow age, ban and timeout (host and moderators)", auth: "required", params: targetParams, response: userCard, errors: [403, 404] },
  ({ actor, params }) => cardOf(actor, params.id, params.userId),
);
