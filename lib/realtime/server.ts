import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { config } from "@/lib/config";
import { actorFromToken, resolveActor } from "@/lib/accounts/authenticate";
import { toAppError } from "@/lib/errors";
import { setRealtimeServer } from "@/lib/realtime/emitter";
import { getActor, setActor } from "@/lib/realtime/socket-actor";
import { registerAccountHandlers } from "@/lib/realtime/handlers/accounts";

/** Attaches Socket.IO to the app's HTTP server: origin check, handshake auth, handlers. */
export function attachRealtime(httpServer: HttpServer): Server {
  const cfg = config();
  const io = new Server(httpServer, {
    // Broadcast traffic: compression costs far more CPU and memory than it saves (bench/targets.md).
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: 16 * 1024,
    connectTimeout: 10_000,
    destroyUpgrade: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      // Browsers always send Origin; native clients (SDK in Node, bots) send none.
      callback(null, !origin || cfg.allowedOrigins.includes(origin) || cfg.NODE_ENV !== "production" && /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin));
    },
  });

  io.use(async (socket, next) => {
    try {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const token = typeof auth?.token === "string" && auth.token ? auth.token : null;
      const actor = token ? await actorFromToken(token) : await resolveActor({ cookie: socket.handshake.headers.cookie });
      if (actor) setActor(socket, actor);
      next();
    } catch (err) {
      const e = toAppError(err);
      const error = new Error(e.message) as Error & { data?: unknown };
      error.data = { code: e.code, message: e.message };
      next(error);
    }
  });

  io.on("connection", (socket: Socket) => {
    const actor = getActor(socket);
    socket.emit("session", { user: actor ? { id: actor.id, username: actor.username, displayName: actor.displayName } : null });
    registerAccountHandlers(socket);
  });

  setRealtimeServer(io);
  return io;
}
