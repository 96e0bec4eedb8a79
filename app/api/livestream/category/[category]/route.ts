import { route } from "@/lib/http/route";
import { categoryParams, categoryQuery, streamListView } from "@/lib/streams/schemas";
import { categoryStreams } from "@/lib/streams/list-streams";

export const GET = route(
  { tag: "Discovery", summary: "Live streams of a category, most watched first", params: categoryParams, query: categoryQuery, response: streamListView },
  ({ params, query }) => categoryStreams(params.category, query),
);
