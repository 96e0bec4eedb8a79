import { WebhookReceiver, type WebhookEvent } from "livekit-server-sdk";
import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { WebhookEventModel } from "@/lib/db/models/webhook-event.model";
import { MediaPresenceModel } from "@/lib/db/models/media-presence.model";
import { insertIfAbsent } from "@/lib/db/writes";
import { isOnAir, ON_AIR_STATUSES, type StreamStatus } from "@/lib/streams/status";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { publish } from "@/lib/realtime/emitter";
import { endStreamBySystem, ensureRecorder, goLiveFromEncoder } from "@/lib/streams/change-status";
import { encoderIdentity, isHostMedia, isRecorder } from "@/lib/media/identities";
import { roomService } from "@/lib/livekit/client";
import { SENTINEL_ROOM } from "@/lib/livekit/availability";
import { scheduleGraceCheck } from "@/lib/media/host-grace";
import { setViewerCount } from "@/lib/streams/viewers";
import { streamIdForRoom } from "@/lib/streams/room-index";
import { snapshotOf } from "@/lib/access";
import { refuseRevokedJoin } from "@/lib/media/enforce";
import { alignStageOnJoin } from "@/lib/guests/stage-media";
import { tokenRole } from "@/lib/livekit/tokens";
import { mediaViewerKey, viewerAbsent, viewerPresent } from "@/lib/analytics/track-viewers";

const ON_AIR = { $in: ON_AIR_STATUSES };

async function verify(body: string, authorization: string | null): Promise<WebhookEvent> {
  const cfg = config();
  try {
    return await new WebhookReceiver(cfg.LIVEKIT_API_KEY, cfg.LIVEKIT_API_SECRET).receive(body, authorization ?? undefined);
  } catch {
    throw new AppError("INVALID_SIGNATURE", "Invalid webhook signature");
  }
}

/** Records the event id first; a second delivery of the same id finds it and does nothing. */
function firstDelivery(event: WebhookEvent): Promise<boolean> {
  return insertIfAbsent(WebhookEventModel, { _id: event.id, source: "livekit", event: event.event });
}

/** Viewer presence in the media room: one row per connected viewer identity, counted (indexed) after each change. */
async function viewerPresence(stream: StreamDoc, identity: string, joined: boolean): Promise<void> {
  const id = stream._id.toString();
  const key = `${id}:${identity}`;
  if (joined) await insertIfAbsent(MediaPresenceModel, { _id: key, stream: stream._id, identity });
  else await MediaPresenceModel.deleteOne({ _id: key });
  const viewers = await MediaPresenceModel.countDocuments({ stream: stream._id });
  await StreamModel.updateOne({ _id: id }, { $set: { "media.participants": viewers } });
  await setViewerCount(id, "media", viewers);
}

/**
 * Whether the host's media still has another way into the room: the studio and OBS at once, one leaving;
 * or the same identity back already (an encoder reconnecting replaces its old participant, whose
 * participant_left may come after the new one's participant_joined). Told apart by participant sid. Asked
 * of LiveKit; if it cannot answer, the host counts as gone and the grace period applies.
 */
async function otherHostMediaIn(roomName: string, hostId: string, leavingSid: string | undefined): Promise<boolean> {
  try {
    const present = await roomService().listParticipants(roomName);
    return present.some((p) => p.sid !== leavingSid && isHostMedia(p.identity, hostId));
  } catch {
    return false;
  }
}

/**
 * OBS started streaming into a scheduled stream: it goes live on the host's behalf, as on Twitch. A host
 * who may not go live (email not confirmed; another stream on air) is refused: the media stay unseen, and
 * redelivering the webhook would not change that, so the refusal is logged, not retried.
 */
async function startForEncoder(streamId: string): Promise<void> {
  try {
    await goLiveFromEncoder(streamId);
  } catch (err) {
    if (!(err instanceof AppError) && (err as { name?: string } | null)?.name !== "AppError") throw err;
    log.warn("encoder media arrived but the stream cannot go live", { streamId, code: (err as AppError).code });
  }
}

async function apply(event: WebhookEvent): Promise<void> {
  const roomName = event.room?.name;
  // The availability monitor's own room belongs to no stream: no lookup for it.
  if (!roomName || roomName === SENTINEL_ROOM) return;
  const streamId = await streamIdForRoom(roomName);
  if (!streamId) return;
  await connectDb();
  const stream = await StreamModel.findById(streamId).lean<StreamDoc>();
  if (!stream) return;
  const id = stream._id.toString();
  const identity = event.participant?.identity;
  // The recorder (workers/record) is the platform's own participant: neither a viewer nor the host.
  if (identity && isRecorder(identity)) return;
  const hostId = stream.host.toString();
  // The host's media come from the studio (the host's own identity) or from OBS (the encoder identity).
  const isHost = isHostMedia(identity, hostId);

  switch (event.event) {
    case "participant_joined":
      if (isHost) {
        await StreamModel.updateOne({ _id: id }, { $set: { "media.hostConnected": true }, $unset: { "media.hostDisconnectedAt": 1 } });
        // The host's dashboard and studio hear it in their own room: OBS connected.
        publish([`stream:${id}`, `user:${hostId}`], "host_connected", { streamId: id });
      } else if (identity) {
        // A ban since the token was minted, or a token older than a revocation: out again at once.
        if (await refuseRevokedJoin(snapshotOf(stream), roomName, { identity, metadata: event.participant?.metadata })) break;
        // What a guest may publish is their guest row's now, not their token's.
        await alignStageOnJoin(id, roomName, identity, { role: tokenRole(event.participant?.metadata) });
        await viewerPresence(stream, identity, true);
        // A view counts once per person however they are here (player, chat tabs, reconnects): analytics merges them.
        await viewerPresent(id, mediaViewerKey(identity), `m:${identity}`);
      }
      break;
    case "participant_left":
      if (isHost && !(await otherHostMediaIn(roomName, hostId, event.participant?.sid))) {
        const res = await StreamModel.updateOne({ _id: id, status: ON_AIR }, { $set: { "media.hostConnected": false, "media.hostDisconnectedAt": new Date() } });
        if (res.matchedCount) {
          publish([`stream:${id}`, `user:${hostId}`], "host_reconnecting", { streamId: id, graceSeconds: config().HOST_GRACE_SECONDS });
          scheduleGraceCheck();
        } else {
          // Not on air (an encoder that connected to a scheduled stream and left): the host's pages wait again.
          await StreamModel.updateOne({ _id: id }, { $set: { "media.hostConnected": false } });
          publish(`user:${hostId}`, "host_disconnected", { streamId: id });
        }
      } else if (identity && !isHost) {
        await viewerPresence(stream, identity, false);
        await viewerAbsent(id, mediaViewerKey(identity), `m:${identity}`);
      }
      break;
    case "track_published":
      if (identity === encoderIdentity(hostId) && stream.status === "scheduled") await startForEncoder(id);
      else if (isHost && stream.status === "live") await ensureRecorder(id);
      break;
    case "room_finished":
      if (isOnAir(stream.status as StreamStatus)) await endStreamBySystem(id, "room_closed");
      break;
    default:
      break;
  }
}

/**
 * LiveKit's webhooks, signature verified and applied once per event id: they keep a stream's status and
 * viewer presence true when browsers vanish without saying goodbye.
 */
export async function handleLivekitWebhook(body: string, authorization: string | null): Promise<{ event: string; duplicate: boolean }> {
  const event = await verify(body, authorization);
  if (!event.id) throw new AppError("VALIDATION_ERROR", "Webhook event without an id");
  await connectDb();
  if (!(await firstDelivery(event))) return { event: event.event, duplicate: true };
  try {
    await apply(event);
  } catch (err) {
    // Forget the delivery so LiveKit's retry can apply it.
    await WebhookEventModel.deleteOne({ _id: event.id }).catch(() => undefined);
    log.error("livekit webhook failed", { event: event.event, err: String(err) });
    throw err;
  }
  return { event: event.event, duplicate: false };
}
