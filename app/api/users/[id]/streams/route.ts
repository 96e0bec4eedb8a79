import { route } from "@/lib/http/route";
import { userIdParams } from "@/lib/accounts/schemas";
import { channelQuery, streamListView } from "@/lib/streams/schemas";
import { channelStreams } from "@/lib/streams/list-streams";

export const GET = route(
  { tag: "Discovery", summary: "A channel's listed streams (on air, upcoming, recent)", params: userIdParams, query: channelQuery, response: streamListView, errors: [404] },
  ({ params, query }) => channelStreams(params.id, query),
);
