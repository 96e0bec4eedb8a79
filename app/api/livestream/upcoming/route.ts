import { route } from "@/lib/http/route";
import { streamListView, upcomingQuery } from "@/lib/streams/schemas";
import { upcomingStreams } from "@/lib/streams/list-streams";

export const GET = route({ tag: "Discovery", summary: "Scheduled streams, soonest first", query: upcomingQuery, response: streamListView }, ({ query }) => upcomingStreams(query));
