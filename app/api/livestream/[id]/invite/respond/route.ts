import { z } from "zod";
import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { guestView, respondInput } from "@/lib/guests/schemas";
import { respondInvite } from "@/lib/guests/invites";

export const POST = route(
  {
    tag: "Guests",
    summary: "Accept or decline your invite onto the stage; accepted, your media connection may publish at once (no reconnect)",
    auth: "required",
    params: streamIdParams,
    body: respondInput,
    response: z.object({ guest: guestView.nullable() }),
    errors: [403, 404],
  },
  async ({ actor, params, body }) => ({ guest: await respondInvite(actor, params.id, body.accept) }),
);
