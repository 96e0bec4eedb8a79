import { randomUUID } from "node:crypto";
import { z } from "zod";
import { errorBody, toAppError } from "@/lib/errors";
import { json } from "@/lib/http/route";
import { readBodyText } from "@/lib/http/body";
import { documented } from "@/lib/http/route-spec";
import { handleLivekitWebhook } from "@/lib/media/livekit-webhook";

const MAX_BODY = 256 * 1024;

/** The fields of LiveKit's WebhookEvent this handler reads; LiveKit sends more, which are ignored. */
const livekitEvent = z.looseObject({
  id: z.string(),
  event: z.string(),
  createdAt: z.string().optional(),
  room: z.looseObject({ name: z.string() }).optional(),
  participant: z.looseObject({ identity: z.string() }).optional(),
});

/** LiveKit webhooks: the raw body is what the signature covers, so it is read as text (bounded), not parsed first. */
export const POST = documented(
  {
    tag: "Webhooks",
    summary: "LiveKit room and participant events (called by LiveKit, not by clients); applied once per event id",
    description: "Keeps a stream's status and viewer presence true when browsers vanish. A failure answers 500 and forgets the delivery, so LiveKit's retry applies it.",
    auth: "livekit-signature",
    rawBody: { contentType: "application/webhook+json", schema: livekitEvent, description: `LiveKit's WebhookEvent, read verbatim: the signature covers these exact bytes. At most ${MAX_BODY / 1024} KiB.` },
    response: z.object({ event: z.string(), duplicate: z.boolean() }),
    errors: [400, 401, 413, 500],
  },
  async (req: Request): Promise<Response> => {
    try {
      const body = await readBodyText(req, MAX_BODY);
      const result = await handleLivekitWebhook(body, req.headers.get("authorization"));
      return json({ success: true, data: result });
    } catch (err) {
      const e = toAppError(err, randomUUID());
      return json(errorBody(e), e.status);
    }
  },
);
