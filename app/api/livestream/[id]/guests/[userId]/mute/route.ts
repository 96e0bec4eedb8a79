import { route } from "@/lib/http/route";
import { guestParams, muteInput, muteResult } from "@/lib/guests/schemas";
import { muteGuest } from "@/lib/guests/manage";

export const POST = route(
  {
    tag: "Guests",
    summary: "Mute a guest's camera, microphone or screen share (they may unmute while the permission stands)",
    auth: "required",
    params: guestParams,
    body: muteInput,
    response: muteResult,
    errors: [403, 404, 409],
  },
  ({ actor, params, body }) => muteGuest(actor, params.id, params.userId, body.source),
);
