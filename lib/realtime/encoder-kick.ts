import "server-only";
import { redisClient } from "@/lib/realtime/redis";

/** The channel media workers listen on to cut an encoder off (its key was rotated, its stream ended). */
export const ENCODER_KICK_CHANNEL = "media:encoder-kick";

/**
 * Tells every media worker to close the RTMP session publishing into `streamId` at once (the ingest job then
 * stops and the encoder leaves the room). Without Redis there are no media workers to tell.
 */
export async function kickEncoders(streamId: string): Promise<void> {
  const client = redisClient();
  if (!client) return;
  await (await client).publish(ENCODER_KICK_CHANNEL, streamId);
}
