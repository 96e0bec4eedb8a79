import { route } from "@/lib/http/route";
import { upcomingQuery } from "@/lib/streams/schemas";
import { upcomingStreams } from "@/lib/streams/list-streams";

export const GET = route({ query: upcomingQuery }, ({ query }) => upcomingStreams(query));
