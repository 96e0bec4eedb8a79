import { limiter } from "@/lib/rate-limit";
import type { Actor } from "@/lib/accounts/authenticate";
import type { TypingEvent } from "@/lib/chat/schemas";

/** A typing signal to pass on, or null when the user already signalled in the last two seconds (throttle). */
export function typingSignal(actor: Actor, streamId: string, isTyping: boolean): TypingEvent | null {
  if (isTyping && limiter.hit(`typing:${actor.id}:${streamId}`, 1, 2000) > 0) return null;
  return { streamId, user: { id: actor.id, username: actor.username }, isTyping };
}
