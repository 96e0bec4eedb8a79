import { route } from "@/lib/http/route";
import { myStreamsQuery } from "@/lib/streams/schemas";
import { myStreams } from "@/lib/streams/list-streams";

export const GET = route({ auth: "required", query: myStreamsQuery }, ({ actor, query }) => myStreams(actor, query));
