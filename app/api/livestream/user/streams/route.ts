import { route } from "@/lib/http/route";
import { myStreamsQuery, streamListView } from "@/lib/streams/schemas";
import { myStreams } from "@/lib/streams/list-streams";

export const GET = route(
  { tag: "Streams", summary: "The caller's own streams, any status", auth: "required", query: myStreamsQuery, response: streamListView },
  ({ actor, query }) => myStreams(actor, query),
);
