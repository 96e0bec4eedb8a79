import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { requestStreamToken } from "@/lib/media/request-token";

/** A LiveKit URL and short-lived token: publish grants for the host, subscribe-only for viewers. */
export const POST = route({ auth: "optional", params: streamIdParams }, ({ actor, params }) => requestStreamToken(actor, params.id));
