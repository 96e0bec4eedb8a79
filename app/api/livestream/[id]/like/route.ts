import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { hasLiked, likeStream, unlikeStream } from "@/lib/streams/engagement";

export const GET = route({ auth: "required", params: streamIdParams }, async ({ actor, params }) => ({ liked: await hasLiked(actor, params.id) }));
export const POST = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => likeStream(actor, params.id));
export const DELETE = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => unlikeStream(actor, params.id));
