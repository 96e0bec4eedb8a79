import { z } from "zod";
import { route } from "@/lib/http/route";
import { guestParams, guestView, resolveHandInput } from "@/lib/guests/schemas";
import { resolveHand } from "@/lib/guests/hands";

export const POST = route(
  {
    tag: "Guests",
    summary: "Accept a viewer's raised hand (on stage at once, as `kind`) or decline it: host and co-hosts (co-hosts: the host only)",
    auth: "required",
    params: guestParams,
    body: resolveHandInput,
    response: z.object({ guest: guestView.nullable() }),
    errors: [403, 404, 409],
  },
  async ({ actor, params, body }) => ({ guest: await resolveHand(actor, params.id, params.userId, body) }),
);
