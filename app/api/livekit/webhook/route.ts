import { randomUUID } from "node:crypto";
import { AppError, errorBody, toAppError } from "@/lib/errors";
import { json } from "@/lib/http/route";
import { handleLivekitWebhook } from "@/lib/media/livekit-webhook";

const MAX_BODY = 256 * 1024;

/** LiveKit webhooks: the raw body is what the signature covers, so it is read as text, not parsed first. */
export async function POST(req: Request): Promise<Response> {
  try {
    const body = await req.text();
    if (body.length > MAX_BODY) return json(errorBody(new AppError("PAYLOAD_TOO_LARGE", "Webhook body too large")), 413);
    const result = await handleLivekitWebhook(body, req.headers.get("authorization"));
    return json({ success: true, data: result });
  } catch (err) {
    const e = toAppError(err, randomUUID());
    return json(errorBody(e), e.status);
  }
}
