import { route } from "@/lib/http/route";
import { followStateSchema, userIdParams } from "@/lib/accounts/schemas";
import { followState, followUser, unfollowUser } from "@/lib/accounts/follow";

const T = "Accounts";

export const GET = route(
  { tag: T, summary: "Whether the caller follows the user, and their follower count", auth: "optional", params: userIdParams, response: followStateSchema, errors: [404] },
  ({ actor, params }) => followState(actor, params.id),
);
export const POST = route(
  { tag: T, summary: "Follow a user (idempotent)", auth: "required", params: userIdParams, response: followStateSchema, errors: [404, 422] },
  ({ actor, params }) => followUser(actor, params.id),
);
export const DELETE = route(
  { tag: T, summary: "Unfollow a user (idempotent)", auth: "required", params: userIdParams, response: followStateSchema, errors: [404] },
  ({ actor, params }) => unfollowUser(actor, params.id),
);
