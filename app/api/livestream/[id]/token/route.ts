import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { requestStreamToken } from "@/lib/media/request-token";
import { viewerIdFromCookie } from "@/lib/http/viewer-cookie";
import { mediaToken } from "@/lib/media/schemas";

/**
 * A LiveKit URL and short-lived token: publish grants for the host, what the host allows for a guest on
 * stage, subscribe-only for viewers. An anonymous
 * caller is identified by the viewer cookie (server.ts gives one to a caller without it).
 */
export const POST = route(
  {
    tag: "Streams",
    summary: "A LiveKit URL and short-lived room token: the host publishes, a guest on stage publishes what the host allows (role `guest`), everyone else subscribes; limited per user, and per address for anonymous viewers",
    auth: "optional",
    params: streamIdParams,
    response: mediaToken,
    errors: [403, 404, 409, 429, 503],
    noStore: true,
  },
  ({ actor, params, ip, req }) => requestStreamToken(actor, params.id, { ip, viewerId: viewerIdFromCookie(req.headers.get("cookie")), userAgent: req.headers.get("user-agent") }),
);
