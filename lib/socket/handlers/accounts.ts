import { z } from "zod";
import { sessionFromToken } from "@/lib/accounts/authenticate";
import { handler, type EventHandler } from "@/lib/socket/dispatch";
import { setActor } from "@/lib/socket/socket-actor";

const authenticateInput = z.object({ token: z.string().min(1).max(4096) }).strict();

/** `authenticate`: upgrade an anonymous (or re-authenticate a) connection with a bearer token. */
export const accountEvents: Record<string, EventHandler> = {
  authenticate: handler(authenticateInput, async (socket, { token }) => {
    const session = await sessionFromToken(token);
    setActor(socket, session);
    const { actor } = session;
    const user = { id: actor.id, username: actor.username, displayName: actor.displayName };
    socket.emit("authenticated", { user });
    return { user };
  }),
};
