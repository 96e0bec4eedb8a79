import { z } from "zod";
import { route } from "@/lib/http/route";
import { channelQuery } from "@/lib/streams/schemas";
import { channelStreams } from "@/lib/streams/list-streams";

const params = z.object({ id: z.string().min(1).max(64) });

export const GET = route({ params, query: channelQuery }, ({ params, query }) => channelStreams(params.id, query));
