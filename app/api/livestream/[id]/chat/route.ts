import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { historyQuery, restSendMessageInput } from "@/lib/chat/schemas";
import { chatHistory } from "@/lib/chat/history";
import { sendChatMessage } from "@/lib/chat/send-message";

/** Chat history, oldest first, paged backwards with `before` (a message id). */
export const GET = route({ auth: "optional", params: streamIdParams, query: historyQuery }, ({ actor, params, query }) => chatHistory(actor, params.id, query));
/** Send a message (the same use case as the `stream_chat_message` event). */
export const POST = route({ auth: "required", params: streamIdParams, body: restSendMessageInput, status: 201 }, ({ actor, params, body }) => sendChatMessage(actor, params.id, body.message));
