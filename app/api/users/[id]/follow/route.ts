import { z } from "zod";
import { route } from "@/lib/http/route";
import { followState, followUser, unfollowUser } from "@/lib/accounts/follow";

const params = z.object({ id: z.string().min(1).max(64) });

export const GET = route({ params }, ({ actor, params }) => followState(actor, params.id));
export const POST = route({ auth: "required", params }, ({ actor, params }) => followUser(actor, params.id));
export const DELETE = route({ auth: "required", params }, ({ actor, params }) => unfollowUser(actor, params.id));
