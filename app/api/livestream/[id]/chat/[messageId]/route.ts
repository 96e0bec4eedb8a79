import { z } from "zod";
import { route } from "@/lib/http/route";
import { messageParams } from "@/lib/chat/schemas";
import { deleteChatMessage } from "@/lib/moderation/messages";

export const DELETE = route(
  {
    tag: "Chat",
    summary: "Delete a message: its sender, or the host and moderators (on someone they outrank)",
    auth: "required",
    params: messageParams,
    response: z.object({ deleted: z.literal(true), messageId: z.string() }),
    errors: [403, 404],
  },
  ({ actor, params }) => deleteChatMessage(actor, params.id, params.messageId),
);
