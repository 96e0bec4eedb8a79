import { route } from "@/lib/http/route";
import { categoryParams, categoryQuery } from "@/lib/streams/schemas";
import { categoryStreams } from "@/lib/streams/list-streams";

export const GET = route({ params: categoryParams, query: categoryQuery }, ({ params, query }) => categoryStreams(params.category, query));
