import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { clearChatResult } from "@/lib/moderation/schemas";
import { clearChat } from "@/lib/moderation/messages";

export const POST = route(
  { tag: "Moderation", summary: "Clear the stream's chat for everyone, history included (host and moderators)", auth: "required", params: streamIdParams, response: clearChatResult, errors: [403, 404] },
  ({ actor, params }) => clearChat(actor, params.id),
);
