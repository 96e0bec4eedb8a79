import { z } from "zod";
import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { REACTION_EMOJIS } from "@/lib/chat/schemas";
import { sendReaction } from "@/lib/chat/reactions";

const body = z.object({ emoji: z.enum(REACTION_EMOJIS) }).strict();

/** A floating reaction (the same use case as the `stream_reaction` event); delivered in the next aggregate. */
export const POST = route(
  {
    tag: "Chat",
    summary: "Send a floating reaction (coalesced into periodic aggregates)",
    auth: "required",
    params: streamIdParams,
    body,
    response: z.object({ queued: z.literal(true) }),
    status: 202,
    errors: [403, 404, 429],
  },
  ({ actor, params, body }) => sendReaction(actor, params.id, body.emoji),
);
