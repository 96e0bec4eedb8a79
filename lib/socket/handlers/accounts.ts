import { z } from "zod";
import { sessionFromToken } from "@/lib/accounts/authenticate";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { handler, type EventHandler } from "@/lib/socket/dispatch";
import { getActor, setActor, userSlot } from "@/lib/socket/socket-actor";

const authenticateInput = z.object({ token: z.string().min(1).max(4096) }).strict();

/**
 * `authenticate`: upgrade an anonymous (or re-authenticate a) connection with a bearer token. The
 * connection then counts toward the user's cap like one authenticated at handshake, or it could be a way
 * around SOCKET_MAX_CONNECTIONS_PER_USER.
 */
export const accountEvents: Record<string, EventHandler> = {
  authenticate: handler(authenticateInput, async (socket, { token }, { slots }) => {
    const session = await sessionFromToken(token);
    const { actor } = session;
    const previous = getActor(socket);
    if (previous?.id !== actor.id) {
      const full = await slots.acquire(socket.id, [userSlot(actor.id, config().SOCKET_MAX_CONNECTIONS_PER_USER)]);
      if (full) throw new AppError("TOO_MANY_CONNECTIONS", "Too many connections for this account");
      if (previous) await slots.release(socket.id, userSlot(previous.id, 0).key);
    }
    setActor(socket, session);
    const user = { id: actor.id, username: actor.username, displayName: actor.displayName };
    socket.emit("authenticated", { user });
    return { user };
  }),
};
