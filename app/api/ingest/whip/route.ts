import { z } from "zod";
import { documented } from "@/lib/http/route-spec";
import { CORS, sdpBody, whipError, whipReply, WHIP_MAX_SDP_BYTES } from "@/lib/http/whip";
import { config } from "@/lib/config";
import { startWhipSession } from "@/lib/media/whip-ingest";

const DESCRIPTION =
  "WHIP ingest (RFC 9725) for OBS 30+ and other WHIP encoders: paste this URL as the Server and the stream key as the Bearer Token. " +
  "A wrong, rotated or missing key is 401 before anything reaches the media server. The media go to LiveKit untouched (no transcoding); " +
  "a scheduled stream goes live as soon as they arrive. Use H.264 without B-frames (or VP8) and Opus.";

/** Opens an encoder's session: its SDP offer in, LiveKit's SDP answer out, with our session URL as Location. */
export const POST = documented(
  {
    tag: "Ingest",
    summary: "WHIP: start publishing (the SDP offer in, the answer out); Bearer = the stream key",
    description: DESCRIPTION,
    auth: "stream-key",
    rawBody: { contentType: "application/sdp", schema: z.string(), description: `The encoder's SDP offer, at most ${WHIP_MAX_SDP_BYTES / 1024} KiB.` },
    response: z.never(),
    status: 201,
    rawResponse: {
      contentType: "application/sdp",
      description: "The SDP answer",
      headers: { Location: "The session's URL, for PATCH (trickle ICE, ICE restart) and DELETE (stop)", ETag: "The ICE session's tag, for PATCH's If-Match", Link: "ICE servers (rel=ice-server), when the media server has any" },
    },
    errors: [400, 401, 403, 409, 413, 415, 503],
  },
  async (req: Request): Promise<Response> => {
    try {
      const s = await startWhipSession(req.headers.get("authorization"), () => sdpBody(req, "application/sdp"));
      const headers: [string, string][] = [
        ["Content-Type", "application/sdp"],
        ["Location", `${config().publicUrl}/api/ingest/whip/${s.resourceId}`],
        ...(s.etag ? [["ETag", s.etag] as [string, string]] : []),
        ...s.links.map((l) => ["Link", l] as [string, string]),
      ];
      return whipReply(201, s.answerSdp, headers);
    } catch (err) {
      return whipError(err, "POST");
    }
  },
);

/** RFC 9725 §4.1: OPTIONS tells what the endpoint takes (and answers browsers' CORS preflights). */
export const OPTIONS = documented(
  { tag: "Ingest", summary: "WHIP: what the endpoint accepts (Accept-Post), and CORS preflight", response: z.never(), status: 204, rawResponse: { description: "No content", headers: { "Accept-Post": "application/sdp" } } },
  async (): Promise<Response> => whipReply(204, null, { ...CORS, "Accept-Post": "application/sdp", Allow: "OPTIONS, POST" }),
);
