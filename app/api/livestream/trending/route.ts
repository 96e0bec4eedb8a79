import { route } from "@/lib/http/route";
import { streamListView, trendingQuery } from "@/lib/streams/schemas";
import { trendingStreams } from "@/lib/streams/list-streams";

export const GET = route(
  { tag: "Discovery", summary: "Live streams ranked by viewers and engagement with recency decay", query: trendingQuery, response: streamListView },
  ({ query }) => trendingStreams(query),
);
