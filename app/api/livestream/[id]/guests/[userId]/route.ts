import { route } from "@/lib/http/route";
import { guestParams, guestPatchInput, guestView, removedResult } from "@/lib/guests/schemas";
import { removeGuest, updateGuestPermissions } from "@/lib/guests/manage";

const T = "Guests";

export const PATCH = route(
  {
    tag: T,
    summary: "Change a guest's permissions (camera, microphone, screenShare; moderateChat for co-hosts): applied to their live media connection at once",
    auth: "required",
    params: guestParams,
    body: guestPatchInput,
    response: guestView,
    errors: [403, 404, 409, 422],
  },
  ({ actor, params, body }) => updateGuestPermissions(actor, params.id, params.userId, body.permissions),
);

export const DELETE = route(
  {
    tag: T,
    summary: "Take a user off the stage (publishing revoked at once), or withdraw their invite or raised hand; a guest may remove themselves (leave the stage)",
    auth: "required",
    params: guestParams,
    response: removedResult,
    errors: [403, 404],
  },
  ({ actor, params }) => removeGuest(actor, params.id, params.userId),
);
