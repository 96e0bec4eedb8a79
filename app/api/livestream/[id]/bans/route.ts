import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { banInput, banList, banResult } from "@/lib/moderation/schemas";
import { banUser, listBans } from "@/lib/moderation/bans";

const T = "Moderation";

export const GET = route(
  { tag: T, summary: "The channel's bans in force, newest first (host and moderators)", auth: "required", params: streamIdParams, response: banList, errors: [403, 404] },
  ({ actor, params }) => listBans(actor, params.id),
);

export const POST = route(
  {
    tag: T,
    summary:
      "Ban a user from the channel (for `durationMinutes`, else until unbanned): removed from the chat and the media room at once, their lines cleared (host and moderators, on someone they outrank)",
    auth: "required",
    params: streamIdParams,
    body: banInput,
    response: banResult,
    errors: [403, 404, 422],
  },
  ({ actor, params, body }) => banUser(actor, params.id, body),
);
