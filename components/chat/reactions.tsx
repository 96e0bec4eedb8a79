"use client";

import { useSyncExternalStore } from "react";
import { REACTION_EMOJIS } from "@/lib/chat/emojis";
import { LiveStreamError } from "@/lib/client/enhanced-live-stream-client";
import { useToast } from "@/components/ui/toast";
import type { Burst, useStreamRealtime } from "@/components/chat/use-stream-realtime";

type Realtime = ReturnType<typeof useStreamRealtime>;

/** Floating emojis over the player, from the server's aggregated reaction events. */
export function ReactionOverlay({ bursts }: { bursts: Burst[] }) {
  return (
    <div aria-hidden className="pointer-events-none absolute inset-0 overflow-hidden" data-testid="reaction-overlay">
      {bursts.map((b) => (
        <span
          key={b.id}
          className="reaction-float absolute bottom-4 text-3xl"
          style={{ right: `${8 + ((b.id * 37) % 20)}%`, animationDelay: `${(b.id % 5) * 80}ms` }}
          data-testid="floating-reaction"
        >
          {b.emoji}
        </span>
      ))}
    </div>
  );
}

const subscribeNothing = () => () => undefined;

/**
 * The row of reaction buttons under the player. Rendered once the page has hydrated (it does nothing before
 * that): emoji on the server-rendered page made its first layout look up the colour-emoji font, a round trip
 * to the browser process per glyph while the viewer's WebRTC setup waits for the main thread.
 */
export function ReactionBar({ rt, signedIn }: { rt: Realtime; signedIn: boolean }) {
  const hydrated = useSyncExternalStore(subscribeNothing, () => true, () => false);
  if (!hydrated) return <div className="h-9" aria-hidden />;
  return <ReactionButtons rt={rt} signedIn={signedIn} />;
}

function ReactionButtons({ rt, signedIn }: { rt: Realtime; signedIn: boolean }) {
  const toast = useToast();
  return (
    <div className="flex flex-wrap gap-1" role="group" aria-label="Send a reaction">
      {REACTION_EMOJIS.map((e) => (
        <button
          key={e}
          type="button"
          disabled={!signedIn}
          title={signedIn ? `React ${e}` : "Log in to react"}
          aria-label={`React ${e}`}
          className="rounded-full bg-surface-2 px-2.5 py-1 text-lg transition hover:scale-110 hover:bg-border disabled:opacity-40"
          onClick={() =>
            void rt.client.current?.sendReaction(e).catch((err: unknown) => {
              if (!(err instanceof LiveStreamError && err.code === "RATE_LIMITED")) toast.show(err instanceof Error ? err.message : "Could not react", "error");
            })
          }
        >
          {e}
        </button>
      ))}
    </div>
  );
}
