import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { logPage, logQuery } from "@/lib/moderation/schemas";
import { moderationLog } from "@/lib/moderation/log";

export const GET = route(
  {
    tag: "Moderation",
    summary: "The channel's moderation log, newest first: every action with actor, target, reason and time (host and moderators)",
    auth: "required",
    params: streamIdParams,
    query: logQuery,
    response: logPage,
    errors: [403, 404],
  },
  ({ actor, params, query }) => moderationLog(actor, params.id, query),
);
