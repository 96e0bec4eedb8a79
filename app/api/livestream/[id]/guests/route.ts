import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { guestList, guestView, inviteInput } from "@/lib/guests/schemas";
import { inviteGuest } from "@/lib/guests/invites";
import { listGuests } from "@/lib/guests/manage";

const T = "Guests";

export const GET = route(
  { tag: T, summary: "The stream's stage and layout: who is on stage (everyone who may watch); invites and raised hands too (host and co-hosts)", auth: "optional", params: streamIdParams, response: guestList, errors: [401, 403, 404] },
  ({ actor, params }) => listGuests(actor, params.id),
);

export const POST = route(
  {
    tag: T,
    summary: "Invite a user (by `userId` or `username`) onto the stage as a `guest` (host and co-hosts) or `cohost` (host); the invite expires after GUEST_INVITE_TTL_SECONDS",
    auth: "required",
    params: streamIdParams,
    body: inviteInput,
    response: guestView,
    status: 201,
    errors: [403, 404, 409, 422, 429],
  },
  ({ actor, params, body }) => inviteGuest(actor, params.id, body),
);
