import type { RemoteTrack, Room } from "livekit-client";
import type { MediaToken } from "@/lib/media/schemas";
import type { LivekitExports } from "@/components/player/early-entry";

/**
 * The watch page's handover to the player's early start (early-room.ts): the server renders an element with
 * this id whose `data-media` is EarlyMedia as JSON, for the viewer whose own token it minted in the request.
 * Plain data on both sides, so the server page imports no browser code.
 */
export const EARLY_MEDIA_ID = "early-media";

/** The <meta> whose content is the path of the pages' livekit-client script (every page has it: app/layout.tsx). */
export const LIVEKIT_SCRIPT_META = "streamhub-livekit-script";

export type EarlyMedia = { streamId: string; hostId: string; token: MediaToken };

/** The adopted room as early-room.ts hands it to the player. */
export type EarlyRoom = { room: Room; connected: Promise<void>; settle: (main: RemoteTrack | null | undefined) => void };

/**
 * What the page's livekit-client script (early-entry.ts, bundled on its own, outside Next's chunks) leaves on
 * `window` for the Next bundle: livekit-client itself (lib/client/livekit-global.ts re-exports it, so the page
 * carries one copy), the early room for the player to adopt, and the player's claim on it.
 */
export type EarlyGlobals = {
  __streamhubLK?: LivekitExports;
  __streamhubEarly?: {
    adopt: (streamId: string, token: string | undefined) => EarlyRoom | null;
  };
  __streamhubEarlyClaimed?: boolean;
};

export function earlyGlobals(): EarlyGlobals {
  return globalThis as EarlyGlobals;
}
