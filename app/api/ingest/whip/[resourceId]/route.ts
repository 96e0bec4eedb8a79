import { z } from "zod";
import { documented } from "@/lib/http/route-spec";
import { CORS, sdpBody, whipError, whipReply } from "@/lib/http/whip";
import { endWhipSession, patchWhipSession } from "@/lib/media/whip-ingest";

type Ctx = { params: Promise<Record<string, string | string[]>> };

// Any string: the id is checked by its signature (a made-up one is 404), and a preflight must not fail on it.
const params = z.object({ resourceId: z.string().describe("The session id from the POST's Location") });

async function resourceOf(ctx?: Ctx): Promise<string> {
  const p = ctx ? await ctx.params : {};
  return typeof p.resourceId === "string" ? p.resourceId : "";
}

/** Trickle ICE (If-Match: the ETag) or ICE restart (If-Match: *), relayed to the media server. */
export const PATCH = documented(
  {
    tag: "Ingest",
    summary: "WHIP: trickle ICE candidates or restart ICE (application/trickle-ice-sdpfrag); Bearer = the stream key",
    auth: "stream-key",
    params,
    rawBody: { contentType: "application/trickle-ice-sdpfrag", schema: z.string(), description: "An SDP fragment (RFC 8840)." },
    response: z.never(),
    status: 204,
    rawResponse: { description: "Candidates applied (trickle ICE)" },
    otherResponses: { 200: { description: "ICE restarted: the answer's SDP fragment; a new ETag", body: z.string(), contentType: "application/trickle-ice-sdpfrag" } },
    errors: [400, 401, 403, 404, 413, 415, 428, 503],
  },
  async (req: Request, ctx?: Ctx): Promise<Response> => {
    try {
      const r = await patchWhipSession(req.headers.get("authorization"), await resourceOf(ctx), () => sdpBody(req, "application/trickle-ice-sdpfrag"), req.headers.get("if-match"));
      const headers: Record<string, string> = { ...(r.etag ? { ETag: r.etag } : {}), ...(r.status === 200 ? { "Content-Type": "application/trickle-ice-sdpfrag" } : {}) };
      return whipReply(r.status, r.status === 200 ? r.body : null, headers);
    } catch (err) {
      return whipError(err, "PATCH");
    }
  },
);

/** Stops publishing: the encoder leaves the room (an on-air stream then waits out the host's grace period). */
export const DELETE = documented(
  { tag: "Ingest", summary: "WHIP: stop publishing (ends the session); Bearer = the stream key", auth: "stream-key", params, response: z.never(), status: 200, rawResponse: { description: "Session ended" }, errors: [401, 403, 404, 503] },
  async (req: Request, ctx?: Ctx): Promise<Response> => {
    try {
      await endWhipSession(req.headers.get("authorization"), await resourceOf(ctx));
      return whipReply(200, null, {});
    } catch (err) {
      return whipError(err, "DELETE");
    }
  },
);

export const OPTIONS = documented(
  { tag: "Ingest", summary: "WHIP session: what it accepts (Accept-Patch), and CORS preflight", params, response: z.never(), status: 204, rawResponse: { description: "No content", headers: { "Accept-Patch": "application/trickle-ice-sdpfrag" } } },
  async (): Promise<Response> => whipReply(204, null, { ...CORS, "Accept-Patch": "application/trickle-ice-sdpfrag", Allow: "OPTIONS, PATCH, DELETE" }),
);
