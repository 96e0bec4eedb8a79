import { route } from "@/lib/http/route";
import { messageParams } from "@/lib/chat/schemas";
import { deleteChatMessage } from "@/lib/chat/moderate-message";

export const DELETE = route({ auth: "required", params: messageParams }, ({ actor, params }) => deleteChatMessage(actor, params.id, params.messageId));
