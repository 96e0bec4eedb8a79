import { z } from "zod";
import { route } from "@/lib/http/route";
import { objectId, streamIdParams } from "@/lib/streams/schemas";
import { banUser } from "@/lib/moderation/bans";

const banInput = z.object({ userId: objectId, reason: z.string().trim().max(500).optional(), durationMinutes: z.number().int().min(1).max(525_600).optional() }).strict();
const banResult = z.object({ banned: z.boolean(), userId: z.string(), expiresAt: z.string().nullable() });

export const POST = route(
  {
    tag: "Moderation",
    summary: "Ban a user from the host's streams (for `durationMinutes`, else until unbanned) and remove them from the live room (host only)",
    auth: "required",
    params: streamIdParams,
    body: banInput,
    response: banResult,
    errors: [403, 404, 422],
  },
  ({ actor, params, body }) => banUser(actor, params.id, body),
);
