import { z } from "zod";
import { route } from "@/lib/http/route";
import { objectId } from "@/lib/streams/schemas";
import { unbanUser } from "@/lib/moderation/bans";

const params = z.object({ id: objectId, userId: objectId });

export const DELETE = route({ auth: "required", params }, ({ actor, params }) => unbanUser(actor, params.id, params.userId));
