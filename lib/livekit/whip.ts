import "server-only";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { livekitHttpUrl } from "@/lib/livekit/client";

/**
 * A client of LiveKit's own WHIP endpoint (`/whip/v1`, RFC 9725; pkg/service/whipservice.go in
 * livekit-server v1.13.5). It is reached server-side only, with a LiveKit token the caller minted: the
 * encoder's credential (the stream key) never goes to LiveKit, and LiveKit's token never to the encoder.
 */
export type WhipReply = { status: number; body: string; headers: { location: string | null; etag: string | null; links: string[]; contentType: string | null } };

const TIMEOUT_MS = 10_000;

async function call(method: string, path: string, token: string, body?: string, headers: Record<string, string> = {}): Promise<WhipReply> {
  let res: Response;
  try {
    res = await fetch(`${livekitHttpUrl()}${path}`, { method, body, headers: { Authorization: `Bearer ${token}`, ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "manual" });
  } catch (err) {
    log.error("livekit whip unreachable", { method, path, err: String(err) });
    throw new AppError("MEDIA_SERVER_UNAVAILABLE", "The media server is not reachable; try again shortly");
  }
  const text = await res.text();
  const links = res.headers.get("link");
  return {
    status: res.status,
    body: text,
    headers: { location: res.headers.get("location"), etag: res.headers.get("etag"), links: links ? links.split(/,(?=\s*<)/).map((l) => l.trim()) : [], contentType: res.headers.get("content-type") },
  };
}

/** LiveKit's error reply is `{"error": "..."}`; its message is logged, the client gets our own words. */
function upstreamError(op: string, reply: WhipReply): AppError {
  log.warn("livekit whip refused", { op, status: reply.status, body: reply.body.slice(0, 300) });
  if (reply.status === 400) return new AppError("VALIDATION_ERROR", "The media server refused the SDP (malformed or without usable media)");
  if (reply.status === 404) return new AppError("NOT_FOUND", "No such WHIP session (it ended or was replaced)");
  if (reply.status === 413) return new AppError("PAYLOAD_TOO_LARGE", "The SDP is too large");
  if (reply.status === 428) return new AppError("PRECONDITION_REQUIRED", "Send If-Match with the session's ETag (or * for an ICE restart)");
  return new AppError("SERVICE_UNAVAILABLE", "The media server could not take the session; try again shortly");
}

/** POST the offer; LiveKit answers 201 with the SDP answer and `Location: /whip/v1/<participant id>`. */
export async function whipCreate(token: string, offerSdp: string): Promise<{ answerSdp: string; participantId: string; etag: string | null; links: string[] }> {
  const reply = await call("POST", "/whip/v1", token, offerSdp, { "Content-Type": "application/sdp" });
  if (reply.status !== 201) throw upstreamError("create", reply);
  const participantId = /\/whip\/v1\/([^/?#]+)$/.exec(reply.headers.location ?? "")?.[1];
  if (!participantId) {
    log.error("livekit whip reply without a usable Location", { location: reply.headers.location });
    throw new AppError("SERVICE_UNAVAILABLE", "The media server gave no session location");
  }
  return { answerSdp: reply.body, participantId: decodeURIComponent(participantId), etag: reply.headers.etag, links: reply.headers.links };
}

/** PATCH a trickle-ICE or ICE-restart SDP fragment: 204 (trickle) or 200 with a fragment and a new ETag (restart). */
export async function whipPatch(token: string, participantId: string, fragment: string, ifMatch: string): Promise<{ status: 200 | 204; body: string; etag: string | null }> {
  const reply = await call("PATCH", `/whip/v1/${encodeURIComponent(participantId)}`, token, fragment, { "Content-Type": "application/trickle-ice-sdpfrag", "If-Match": ifMatch });
  if (reply.status !== 200 && reply.status !== 204) throw upstreamError("patch", reply);
  return { status: reply.status, body: reply.status === 200 ? reply.body : "", etag: reply.headers.etag };
}

/** DELETE ends the session (the participant leaves the room). */
export async function whipDelete(token: string, participantId: string): Promise<void> {
  const reply = await call("DELETE", `/whip/v1/${encodeURIComponent(participantId)}`, token);
  if (reply.status !== 200 && reply.status !== 204) throw upstreamError("delete", reply);
}
