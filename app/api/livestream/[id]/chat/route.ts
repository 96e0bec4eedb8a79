import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { chatMessageView, chatPage, historyQuery, restSendMessageInput } from "@/lib/chat/schemas";
import { chatHistory } from "@/lib/chat/history";
import { sendChatMessage } from "@/lib/chat/send-message";

const T = "Chat";

/** Chat history, oldest first, paged backwards with `before` (a message id). */
export const GET = route(
  { tag: T, summary: "Chat history, oldest first; page back with `before` (a message id)", auth: "optional", params: streamIdParams, query: historyQuery, response: chatPage, errors: [403, 404] },
  ({ actor, params, query }) => chatHistory(actor, params.id, query),
);
/** Send a message (the same use case as the `stream_chat_message` event). */
export const POST = route(
  {
    tag: T,
    summary:
      "Send a chat message (500 characters; rate-limited per user): refused when banned or timed out (403 TIMED_OUT with `until`), by the chat's modes (403 FOLLOWERS_ONLY, SUBSCRIBERS_ONLY, EMOTE_ONLY; 429 SLOW_MODE with `retryAfterSeconds`) or its filters (422 BLOCKED_TERM, LINKS_BLOCKED, EXCESSIVE_CAPS, EMOJI_FLOOD, REPEATED_MESSAGE)",
    auth: "required",
    params: streamIdParams,
    body: restSendMessageInput,
    response: chatMessageView,
    status: 201,
    errors: [403, 404, 422, 429],
  },
  ({ actor, params, body }) => sendChatMessage(actor, params.id, body.message),
);
