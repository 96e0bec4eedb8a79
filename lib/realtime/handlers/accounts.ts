import type { Socket } from "socket.io";
import { z } from "zod";
import { actorFromToken } from "@/lib/accounts/authenticate";
import { onEvent } from "@/lib/realtime/handle";
import { setActor } from "@/lib/realtime/socket-actor";

const authenticateInput = z.object({ token: z.string().min(1).max(4096) }).strict();

/** `authenticate`: upgrade an anonymous (or re-authenticate a) connection with a bearer token. */
export function registerAccountHandlers(socket: Socket): void {
  onEvent(socket, "authenticate", authenticateInput, async ({ token }) => {
    const actor = await actorFromToken(token);
    setActor(socket, actor);
    socket.emit("authenticated", { user: { id: actor.id, username: actor.username, displayName: actor.displayName } });
    return { user: { id: actor.id, username: actor.username, displayName: actor.displayName } };
  });
}
