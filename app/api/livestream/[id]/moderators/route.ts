import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { addModeratorInput, moderatorList, moderatorResult } from "@/lib/moderation/schemas";
import { addModerator, listModerators } from "@/lib/moderation/moderators";

const T = "Moderation";

export const GET = route(
  { tag: T, summary: "The channel's moderators, lead moderators first (host and moderators)", auth: "required", params: streamIdParams, response: moderatorList, errors: [403, 404] },
  ({ actor, params }) => listModerators(actor, params.id),
);

export const POST = route(
  {
    tag: T,
    summary: "Make a user (by `userId` or `username`) a moderator of the channel, or a lead moderator with `level: \"lead\"` (moderators: host and lead moderators; leads: host)",
    auth: "required",
    params: streamIdParams,
    body: addModeratorInput,
    response: moderatorResult,
    errors: [403, 404, 409, 422],
  },
  ({ actor, params, body }) => addModerator(actor, params.id, body),
);
