import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { log } from "@/lib/logger";
import { publish } from "@/lib/realtime/emitter";
import { ON_AIR_STATUSES } from "@/lib/streams/status";
import { rememberRoom } from "@/lib/streams/room-index";
import { ensureRoom } from "@/lib/livekit/rooms";
import { roomService } from "@/lib/livekit/client";
import { isHostMedia } from "@/lib/media/identities";

/**
 * After a restart a host's client needs time of its own: livekit-client first spends its retry budget (about
 * 30–45 s) on the old session, which the new LiveKit refuses, before the studio rejoins with a fresh token. So
 * a host not back yet gets at least this long from LiveKit's return, or HOST_GRACE_SECONDS when that is longer.
 */
const RESTART_GRACE_S = 60;

/** Whether LiveKit has the host's media (the studio or the encoder) in the room now; throws when it cannot say. */
export async function hostIn(roomId: string, hostId: string): Promise<boolean> {
  const present = await roomService().listParticipants(roomId);
  return present.some((p) => isHostMedia(p.identity, hostId));
}

/**
 * LiveKit came back with no memory of the rooms it held (a restart: it keeps them in memory only). Every
 * on-air stream's room is made again, so the clients' own reconnection (host, viewers, recorder) finds it
 * within seconds instead of being refused. A host whose media had been connected and is not back yet gets
 * the grace period from now: LiveKit sent no participant_left for them (it died), and without this a host
 * who never returns would stay "live" for good. Idempotent, so every app process may run it.
 */
export async function restoreLiveRooms(): Promise<number> {
  await connectDb();
  // A scan (FerretDB pushes down only `_id` filters), but only when LiveKit restarted, as the grace sweeper does every 15 s.
  const live = await StreamModel.find({ status: { $in: ON_AIR_STATUSES } }, { _id: 1, roomId: 1, host: 1, media: 1 }).limit(1000).lean<StreamDoc[]>();
  let restored = 0;
  for (const s of live) {
    const id = s._id.toString();
    const hostId = s.host.toString();
    try {
      await ensureRoom(s.roomId, { streamId: id });
      rememberRoom(s.roomId, id);
      restored++;
      if (!s.media?.hostConnected) continue;
      if (await hostIn(s.roomId, hostId)) continue;
      // The sweeper ends a stream HOST_GRACE_SECONDS after this time: set ahead by what the restart allowance adds.
      const graceSeconds = Math.max(RESTART_GRACE_S, config().HOST_GRACE_SECONDS);
      const from = new Date(Date.now() + (graceSeconds - config().HOST_GRACE_SECONDS) * 1000);
      const res = await StreamModel.updateOne({ _id: id, status: { $in: ON_AIR_STATUSES }, "media.hostConnected": true }, { $set: { "media.hostConnected": false, "media.hostDisconnectedAt": from } });
      if (!res.modifiedCount) continue;
      // The host may have rejoined (and its participant_joined been applied) between the look and the write.
      if (await hostIn(s.roomId, hostId)) {
        await StreamModel.updateOne({ _id: id }, { $set: { "media.hostConnected": true }, $unset: { "media.hostDisconnectedAt": 1 } });
        continue;
      }
      // The periodic sweep (every 15 s) ends it if the host is still not back.
      publish([`stream:${id}`, `user:${hostId}`], "host_reconnecting", { streamId: id, graceSeconds });
    } catch (err) {
      log.warn("could not restore a live stream's room", { streamId: id, err: String(err) });
    }
  }
  if (live.length) log.warn("media server restarted: live rooms restored", { restored, live: live.length });
  return restored;
}
