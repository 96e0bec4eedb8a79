import "server-only";
import { roomService } from "@/lib/livekit/client";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";

/**
 * Whether the SFU is up, known without a round trip on the hot path (media tokens ask it per viewer), and
 * whether it restarted. LiveKit keeps rooms and participants in memory only: after a restart the stream
 * rooms are gone and, since rooms are never auto-created, nobody can rejoin until the app makes them again.
 * A restart is told by a sentinel room the monitor keeps (a day long, renewed): when it is missing,
 * LiveKit lost its state, however short the restart was. Probing costs one small API call per process every
 * PROBE_MS.
 */
const PROBE_MS = 2000;
const PROBE_TIMEOUT_MS = 1500;
export const SENTINEL_ROOM = "streamhub-sfu-sentinel";
const SENTINEL_EMPTY_TIMEOUT_S = 86_400;
/** Probes that must fail in a row before tokens are refused: one slow answer from a busy SFU is not an outage. */
const FAILED_PROBES_FOR_DOWN = 2;

type State = { up: boolean | null; since: number; timer: ReturnType<typeof setInterval> | null; probing: boolean; failures: number };
const state = () => processSingleton<State>("livekit.availability", () => ({ up: null, since: Date.now(), timer: null, probing: false, failures: 0 }));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}

/** False only when the monitor's last probe failed; unknown (no monitor in this process, not probed yet) counts as up. */
export function mediaServerUp(): boolean {
  return state().up !== false;
}

/** A call to LiveKit just failed: tokens say so at once rather than after the next probe (which clears it when LiveKit answers). */
export function noteMediaServerFailure(): void {
  const s = state();
  if (s.timer && s.up !== false) {
    s.up = false;
    s.since = Date.now();
  }
}

/** "up" (sentinel there), "fresh" (answering, but the sentinel was missing: started or restarted), or "down". */
async function probe(): Promise<"up" | "fresh" | "down"> {
  try {
    const rooms = await withTimeout(roomService().listRooms([SENTINEL_ROOM]), PROBE_TIMEOUT_MS);
    if (rooms.length) return "up";
    await withTimeout(roomService().createRoom({ name: SENTINEL_ROOM, emptyTimeout: SENTINEL_EMPTY_TIMEOUT_S, maxParticipants: 1 }), PROBE_TIMEOUT_MS);
    return "fresh";
  } catch {
    return "down";
  }
}

export type MonitorHooks = {
  /** LiveKit answers again after a failed probe, or lost its state (restarted): rooms must be made again. */
  onRestored: () => Promise<void>;
};

/**
 * Started by server.ts. The first probe only learns the state (a sentinel missing at start means a fresh
 * LiveKit or one that restarted while no app ran: rooms are restored then too).
 */
export function startMediaServerMonitor(hooks: MonitorHooks): () => void {
  const s = state();
  const tick = async () => {
    if (s.probing) return;
    s.probing = true;
    try {
      const result = await probe();
      const wasUp = s.up;
      s.failures = result === "down" ? s.failures + 1 : 0;
      if (result === "down" && s.failures < FAILED_PROBES_FOR_DOWN && wasUp !== false) return;
      s.up = result !== "down";
      if (wasUp !== s.up) {
        s.since = Date.now();
        if (result === "down") log.warn("media server unreachable: media tokens answer MEDIA_SERVER_UNAVAILABLE until it is back");
        else if (wasUp === false) log.warn("media server reachable again");
      }
      if (result === "fresh" || (result === "up" && wasUp === false)) {
        await hooks.onRestored().catch((err: unknown) => log.error("restoring rooms after a media server restart failed", { err: String(err) }));
      }
    } finally {
      s.probing = false;
    }
  };
  void tick();
  s.timer = setInterval(() => void tick(), PROBE_MS);
  s.timer.unref();
  return () => {
    if (s.timer) clearInterval(s.timer);
    s.timer = null;
  };
}
