import "server-only";
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { config } from "@/lib/config";
import { currentTokenVersion, resolveSession, sessionFromToken } from "@/lib/accounts/authenticate";
import { AppError, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { setRealtimeServer } from "@/lib/realtime/emitter";
import { addressSlot, clientIpOf, getActor, joinedStreams, setActor, setIdentity, takeIssuedViewerKey, tokenVersionOf, userSlot } from "@/lib/socket/socket-actor";
import type { Actor } from "@/lib/accounts/authenticate";
import { ConnectionSlots } from "@/lib/realtime/connection-slots";
import { clientAddress } from "@/lib/http/client-ip";
import { viewerIdFromCookie } from "@/lib/http/viewer-cookie";
import { issueViewerKey, viewerIdOf } from "@/lib/accounts/viewer-key";
import { redisClient } from "@/lib/realtime/redis";
import { hashPrefix, Presence } from "@/lib/realtime/presence";
import { wantsBatches } from "@/lib/realtime/stream-batches";
import { dispatch, type Ctx } from "@/lib/socket/dispatch";
import { SOCKET_EVENTS } from "@/lib/socket/events";
import { dropSeat, restoreSeat } from "@/lib/chat/live-room";
import { setViewerCount } from "@/lib/streams/viewers";
import { repairChatAfterOutage, tapChatEvents } from "@/lib/socket/chat-relay";
import { wirePresence, viewerAbsent, viewerPresent } from "@/lib/analytics/track-viewers";
import { startAnalyticsUpdates } from "@/lib/analytics/live-updates";
import { compactConnection } from "@/lib/socket/compact-connection";
import { forgetHandshake, releaseUpgradeResponse } from "@/lib/socket/lean-connections";

const FLOOD_STRIKES = 5;

/** The connection caps a socket counts toward: its address, and its user when it has one. */
function slotsFor(ip: string, actor: Actor | null) {
  const cfg = config();
  return [addressSlot(ip, cfg.SOCKET_MAX_CONNECTIONS_PER_IP), ...(actor ? [userSlot(actor.id, cfg.SOCKET_MAX_CONNECTIONS_PER_USER)] : [])];
}

function handshakeError(code: AppError["code"], message: string): Error {
  const err = new Error(message) as Error & { data?: unknown };
  err.data = { code, message };
  return err;
}

/**
 * Attaches Socket.IO to the app's HTTP server: origin check, handshake auth, connection limits, a flood
 * guard, the Redis Streams adapter when REDIS_URL is set (several app processes share rooms, and
 * connection-state recovery lets a client that reconnects within two minutes catch up; chat a Redis outage
 * swallowed is repaired from the database, lib/socket/chat-relay.ts), the recent-chat tap (catch-up after `join_stream` with
 * `since`), and the handlers.
 */
export async function attachRealtime(httpServer: HttpServer): Promise<{ io: Server; close: () => Promise<void> }> {
  const cfg = config();
  const io = new Server(httpServer, {
    // Broadcast traffic: compression costs far more CPU and memory than it saves (see shared targets).
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: 16 * 1024,
    connectTimeout: 10_000,
    pingInterval: 20_000,
    pingTimeout: 15_000,
    destroyUpgrade: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      // Browsers always send Origin; native clients (the SDK in Node, bots) send none.
      const local = cfg.NODE_ENV !== "production" && /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin ?? "");
      callback(null, !origin || cfg.allowedOrigins.includes(origin) || local);
    },
  });

  const redis = redisClient();
  let stopRepair: () => void = () => undefined;
  if (redis) {
    const client = await redis;
    io.adapter(createAdapter(client, { maxLen: 50_000 }));
    stopRepair = repairChatAfterOutage(io, client);
    log.info("socket.io uses the redis streams adapter");
  }
  tapChatEvents(io);

  // Presence per process feeds the stream's viewer count and, merged with media participants, its analytics.
  const presence = new Presence(
    io,
    (streamId, n) => setViewerCount(streamId, "socket", n),
    (streamId, key, present, source) => void (present ? viewerPresent(streamId, key, source) : viewerAbsent(streamId, key, source)),
  );
  wirePresence((streamId) => presence.members(streamId), hashPrefix);
  const stopAnalytics = startAnalyticsUpdates();
  // Connection caps per user and per address, shared by every app process through Redis when it is set.
  const slots = new ConnectionSlots((id) => io.sockets.sockets.has(id));
  // Flood guard: events per socket in the current second, all windows ending together on one timer. Only
  // sockets that sent something this second have an entry (a Smi), where a limiter keeps one per socket
  // (an object, a number) until it is purged.
  const floods = new Map<string, number>();
  const floodTick = setInterval(() => floods.clear(), 1000);
  floodTick.unref();

  // Lets each upgrade's request go once the handshake is done (lib/socket/lean-connections.ts); the last engine middleware.
  io.engine.use(releaseUpgradeResponse);

  io.use(async (socket, next) => {
    try {
      const auth = socket.handshake.auth as { token?: unknown; viewerKey?: unknown } | undefined;
      const token = typeof auth?.token === "string" && auth.token ? auth.token : null;
      const cookie = socket.handshake.headers.cookie;
      const session = token ? await sessionFromToken(token) : await resolveSession({ cookie });
      const actor = session?.actor ?? null;
      // The same address REST requests are counted under (server.ts): X-Forwarded-For past trusted proxies only.
      const ip = clientAddress(socket.conn.remoteAddress, socket.handshake.headers["x-forwarded-for"], cfg.trustedProxies);
      const full = await slots.acquire(socket.id, slotsFor(ip, actor));
      if (full) return next(handshakeError("TOO_MANY_CONNECTIONS", full.key.startsWith("u:") ? "Too many connections for this account" : "Too many connections from this address"));
      // An anonymous viewer counts under the key the server signed (a browser's cookie, or one handed to the
      // client in `session` earlier); a socket without one gets a fresh key, told to it in `session`.
      const given = viewerIdOf(typeof auth?.viewerKey === "string" ? auth.viewerKey : null) ?? viewerIdFromCookie(cookie);
      const issued = actor || given ? null : issueViewerKey();
      const userAgent = socket.handshake.headers["user-agent"] ?? null;
      setIdentity(socket, { ip, viewer: given ?? viewerIdOf(issued), issuedViewerKey: issued, userAgent, batch: wantsBatches(auth) });
      if (session) setActor(socket, session);
      next();
    } catch (err) {
      const e = toAppError(err);
      next(handshakeError(e.code, e.message));
    }
  });

  const ctx: Ctx = { presence, slots };

  /**
   * Anonymous connections that must authenticate or join a stream by their deadline (insertion order is
   * deadline order): one sweep for all of them rather than a timer and its closures per socket, which a
   * room of thousands of anonymous viewers would each hold. Up to a sweep late, which the timeout allows.
   */
  const idle = new Map<Socket, number>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [socket, deadline] of idle) {
      if (deadline > now) break;
      idle.delete(socket);
      if (getActor(socket) || Object.keys(joinedStreams(socket)).length > 0) continue;
      socket.emit("stream_error", { code: "AUTH_TIMEOUT", message: "Authenticate or join a stream" });
      // Let the notice flush before the transport closes.
      setTimeout(() => socket.disconnect(true), 100).unref();
    }
  }, Math.min(1000, cfg.SOCKET_AUTH_TIMEOUT_MS / 2));
  sweep.unref();

  // The listeners every socket gets are these shared functions (`this` is the socket), not closures made
  // per connection: per-socket state lives in socket.data.
  function onAnyEvent(this: Socket, event: string, ...args: unknown[]): void {
    // Flood guard: over SOCKET_EVENTS_PER_SECOND the event is refused with RATE_LIMITED; repeated floods disconnect.
    const events = (floods.get(this.id) ?? 0) + 1;
    floods.set(this.id, events);
    if (events > cfg.SOCKET_EVENTS_PER_SECOND) {
      const ack = args[args.length - 1];
      if (typeof ack === "function") (ack as (r: unknown) => void)({ success: false, error: { code: "RATE_LIMITED", message: "Slow down" } });
      const data = this.data as { strikes?: number };
      data.strikes = (data.strikes ?? 0) + 1;
      if (data.strikes >= FLOOD_STRIKES) this.disconnect(true);
      return;
    }
    // dispatch answers every failure itself; should it ever reject, that is logged, never left unhandled.
    dispatch(SOCKET_EVENTS, this, ctx, event, args).catch((err: unknown) => log.error("socket dispatch failed", { err: err instanceof Error ? err.stack : String(err) }));
  }
  function onDisconnect(this: Socket): void {
    idle.delete(this);
    dropSeat({ id: this.id, joined: joinedStreams(this) }, presence);
    floods.delete(this.id);
    void slots.release(this.id);
  }

  io.on("connection", (socket: Socket) => {
    forgetHandshake(socket);
    const actor = getActor(socket);
    if (socket.recovered) {
      // Middlewares are skipped for a recovered connection: it takes back the slots it held a moment ago.
      void slots.acquire(socket.id, slotsFor(clientIpOf(socket), actor), { force: true });
      restoreSeat({ id: socket.id, joined: joinedStreams(socket) }, presence);
    }
    // A restored session skips the handshake: one that dropped just before its user logged out everywhere ends here.
    if (socket.recovered && actor) {
      void currentTokenVersion(actor.id)
        .then((v) => v === tokenVersionOf(socket) || socket.disconnect())
        .catch(() => socket.disconnect());
    }
    socket.onAny(onAnyEvent);
    // A socket must authenticate or join a stream within the timeout; idle anonymous sockets are closed.
    if (!actor && !socket.recovered) idle.set(socket, Date.now() + cfg.SOCKET_AUTH_TIMEOUT_MS);
    // `disconnect` fires once; `on` spares the wrapper `once` would make per socket.
    socket.on("disconnect", onDisconnect);
    // No "error" listener of ours: only a client's own packet named "error" would arrive (we use no socket
    // middleware), and Socket.IO already gives every socket a no-op one; a second would make an array per socket.
    // Every listener of the connection is in place: its tables and arrays get their compact layout.
    compactConnection(socket);
    const viewerKey = takeIssuedViewerKey(socket);
    socket.emit("session", { user: actor ? { id: actor.id, username: actor.username, displayName: actor.displayName } : null, ...(viewerKey ? { viewerKey } : {}) });
  });

  setRealtimeServer(io, cfg.SOCKET_BATCH_WINDOW_MS, cfg.SOCKET_BATCH_MAX_WINDOW_MS);
  return {
    io,
    close: async () => {
      clearInterval(sweep);
      clearInterval(floodTick);
      presence.close();
      slots.close();
      stopRepair();
      setRealtimeServer(undefined);
      await io.close().catch(() => undefined);
      // After the sockets closed (their viewers' stretches end), before the database goes.
      await stopAnalytics();
    },
  };
}
