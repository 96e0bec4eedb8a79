import { route } from "@/lib/http/route";
import { searchQuery } from "@/lib/streams/schemas";
import { searchStreams } from "@/lib/streams/list-streams";

export const GET = route({ query: searchQuery }, ({ query }) => searchStreams(query));
