import { z } from "zod";
import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { guestView, handInput } from "@/lib/guests/schemas";
import { raiseHand } from "@/lib/guests/hands";

export const PUT = route(
  {
    tag: "Guests",
    summary: "Raise your hand to come on stage (`raised: true`) or lower it; the host and co-hosts hear `hand_raised`",
    auth: "required",
    params: streamIdParams,
    body: handInput,
    response: z.object({ guest: guestView.nullable() }),
    errors: [403, 404, 409, 422, 429],
  },
  async ({ actor, params, body }) => ({ guest: await raiseHand(actor, params.id, body.raised) }),
);
