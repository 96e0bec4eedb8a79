import { route } from "@/lib/http/route";
import { searchQuery, streamListView } from "@/lib/streams/schemas";
import { searchStreams } from "@/lib/streams/list-streams";

export const GET = route(
  { tag: "Discovery", summary: "Search live and upcoming streams by title, description, tags and host", query: searchQuery, response: streamListView },
  ({ query }) => searchStreams(query),
);
