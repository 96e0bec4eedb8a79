import { earlyGlobals, type EarlyRoom } from "@/components/player/early-media";

/**
 * The player's side of the early join: the room the page's livekit-client script joined before hydration
 * (early-room.ts), for this stream and token, or null. Asking claims it: a handover parsed later must not
 * start a second join with the same identity.
 */
export function adoptEarlyRoom(streamId: string, token: string | undefined): EarlyRoom | null {
  const g = earlyGlobals();
  g.__streamhubEarlyClaimed = true;
  // For the first-frame bench (bench/ttff-probe.ts): when the hydrated player asked for its room.
  performance.mark("streamhub:player-room");
  return g.__streamhubEarly?.adopt(streamId, token) ?? null;
}
