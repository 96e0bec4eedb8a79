import type { EventEmitter } from "node:events";
import { ServerResponse, type IncomingMessage } from "node:http";
import type { Socket } from "socket.io";

/**
 * Memory per connection (issue 21: a chat viewer must cost less heap than on a bare Socket.IO server). What a
 * connection keeps of its HTTP upgrade after the handshake is pure waste for a viewer who stays for hours:
 * these two helpers let it go. No "server-only" import: the unit test loads this with a real Socket.IO server.
 */

/** The source of the `close` listener engine.io 6.6's WebSocketResponse puts on the TCP socket (see below). */
const RESPONSE_CLOSE_LISTENER = '() => this.emit("close")';

/**
 * An engine.io middleware (`io.engine.use`). For every WebSocket upgrade engine.io 6.6 makes a
 * `WebSocketResponse` for its middlewares, whose constructor does `socket.once("close", () => this.emit("close"))`
 * on the TCP socket: the response, and through `res.req` the upgrade's IncomingMessage (headers, raw headers,
 * parser state, `_query`, url), stay reachable for the connection's whole life even after Socket.IO's own
 * references are dropped (heap snapshot: IncomingMessage ← WebSocketResponse.req ← context ← close listener).
 * We use no middleware that listens for that response's `close` (pino-http style loggers would), so the
 * listener is removed here; the response and the request then go as soon as the handshake is done.
 * Must stay the last engine middleware: a later one could still call `res.setHeader` (that keeps working:
 * the response object itself is untouched), but one relying on `res.on("close")` would wait forever.
 * Recognised by its source text, so an engine.io that changed it just keeps the request (a unit test fails).
 */
export function releaseUpgradeResponse(_req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
  if (!(res instanceof ServerResponse)) {
    const tcp = (res as unknown as { socket?: EventEmitter }).socket;
    for (const raw of tcp?.rawListeners("close") ?? []) {
      const fn = ((raw as { listener?: (...a: unknown[]) => void }).listener ?? raw) as (...a: unknown[]) => void;
      if (fn.toString() === RESPONSE_CLOSE_LISTENER) tcp?.removeListener("close", fn);
    }
  }
  next();
}

/** One shared, frozen stand-in for the handshake's dropped objects: an empty object per socket is still an object per socket. */
const NOTHING = Object.freeze({}) as Record<string, never>;

/**
 * Drops what a connection keeps of its HTTP upgrade once the handshake copied what it needs into
 * socket.data (address, viewer id, User-Agent, batching, lib/socket/socket-actor.ts): the request (its
 * headers, raw headers, parser state) and the handshake's copies — headers (cookies included), query, url,
 * the date as a string, the auth payload (a bearer token). Nothing reads them after `connection`; the
 * handshake keeps `address`, `issued`, `secure` and `xdomain`. A recovered connection has no request to drop.
 */
export function forgetHandshake(socket: Socket): void {
  const req = socket.conn.request as IncomingMessage | null;
  if (req) {
    // Should something still hold the request (a new engine.io retainer), what it holds goes at least.
    req.headers = {};
    req.rawHeaders = [];
  }
  (socket.conn as { request: unknown }).request = null;
  const h = socket.handshake as { headers: unknown; query: unknown; url: string; time: string; auth: unknown };
  h.headers = NOTHING;
  h.query = NOTHING;
  h.url = "";
  h.time = "";
  h.auth = NOTHING;
}
