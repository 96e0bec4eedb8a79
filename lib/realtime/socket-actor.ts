import type { Socket } from "socket.io";
import type { Actor } from "@/lib/accounts/authenticate";

export function getActor(socket: Socket): Actor | null {
  return (socket.data as { actor?: Actor | null }).actor ?? null;
}

/** Records who the socket acts for and joins their personal room `user:<id>`. */
export function setActor(socket: Socket, actor: Actor): void {
  const previous = getActor(socket);
  if (previous && previous.id !== actor.id) void socket.leave(`user:${previous.id}`);
  (socket.data as { actor?: Actor | null }).actor = actor;
  void socket.join(`user:${actor.id}`);
}
