import { z } from "zod";
import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { requestStreamToken } from "@/lib/media/request-token";

const mediaToken = z.object({ url: z.string(), token: z.string(), identity: z.string(), role: z.enum(["host", "viewer"]), roomId: z.string(), expiresAt: z.string() });

/** A LiveKit URL and short-lived token: publish grants for the host, subscribe-only for viewers. */
export const POST = route(
  {
    tag: "Streams",
    summary: "A LiveKit URL and short-lived room token: the host publishes, everyone else (guests too) subscribes",
    auth: "optional",
    params: streamIdParams,
    response: mediaToken,
    errors: [403, 404, 409],
    noStore: true,
  },
  ({ actor, params }) => requestStreamToken(actor, params.id),
);
