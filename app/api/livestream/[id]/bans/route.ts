import { z } from "zod";
import { route } from "@/lib/http/route";
import { objectId, streamIdParams } from "@/lib/streams/schemas";
import { banUser } from "@/lib/moderation/bans";

const banInput = z.object({ userId: objectId, reason: z.string().trim().max(500).optional(), durationMinutes: z.number().int().min(1).max(525_600).optional() }).strict();

export const POST = route({ auth: "required", params: streamIdParams, body: banInput }, ({ actor, params, body }) => banUser(actor, params.id, body));
