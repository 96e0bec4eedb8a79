import { route } from "@/lib/http/route";
import { trendingQuery } from "@/lib/streams/schemas";
import { trendingStreams } from "@/lib/streams/list-streams";

export const GET = route({ query: trendingQuery }, ({ query }) => trendingStreams(query));
