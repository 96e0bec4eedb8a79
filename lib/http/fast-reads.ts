import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { errorBody, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { replyTextOf } from "@/lib/http/route";
import type { ApiRoute } from "@/lib/openapi/route-index";

/**
 * Reads that server.ts answers itself, before Next: the discovery listings, served from memory
 * (lib/streams/discovery-index.ts), where Next's routing of one API request (its matchers, request and work
 * stores, the route module's wrapper) costs several times the answer. They run the very route modules Next
 * would (`route()`: caller, zod parsing, errors, the response), with the headers next.config.mjs gives every
 * path, so the reply is the same. Only GET with exactly these paths; anything else goes to Next.
 */
export const FAST_READ_PATHS = ["/api/livestream/trending", "/api/livestream/search"] as const;

type Handler = (req: Request) => Promise<Response>;

function requestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  // The handler reads the path and the query only; the Host header is the client's and is not trusted for a URL.
  return new Request(`http://local${req.url ?? "/"}`, { headers });
}

async function serve(handler: Handler, req: IncomingMessage, res: ServerResponse, fixed: Record<string, string>): Promise<void> {
  try {
    const reply = await handler(requestOf(req));
    const body = replyTextOf(reply) ?? Buffer.from(await reply.arrayBuffer());
    res.writeHead(reply.status, { ...fixed, ...Object.fromEntries(reply.headers), "Content-Length": String(Buffer.byteLength(body)) });
    res.end(body);
  } catch (err) {
    // route() answers every error itself; this is a fault of the adapter here.
    const requestId = randomUUID();
    log.error("fast read failed", { requestId, path: req.url?.split("?")[0], err: err instanceof Error ? err.stack : String(err) });
    if (!res.headersSent) res.writeHead(500, { ...fixed, "Content-Type": "application/json; charset=utf-8", "X-Request-Id": requestId });
    res.end(JSON.stringify(errorBody(toAppError(err, requestId))));
  }
}

/** `(req, res) => handled`: true when the request was one of the fast reads (and is being answered). */
export function fastReads(routes: readonly ApiRoute[], fixedHeaders: Record<string, string>): (req: IncomingMessage, res: ServerResponse) => boolean {
  const table = new Map<string, Handler>();
  for (const p of FAST_READ_PATHS) {
    const get = routes.find((r) => r.path === p)?.module.GET;
    if (typeof get === "function") table.set(p, get as Handler);
  }
  return (req, res) => {
    if (req.method !== "GET") return false;
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const handler = table.get(q < 0 ? url : url.slice(0, q));
    if (!handler) return false;
    void serve(handler, req, res, fixedHeaders);
    return true;
  };
}

/** The route modules, loaded when server.ts starts (after the environment is read); `fixedHeaders`: what next.config.mjs sets on every path. */
export async function loadFastReads(fixedHeaders: Record<string, string>): Promise<ReturnType<typeof fastReads>> {
  const { API_ROUTES } = await import("@/lib/openapi/route-index");
  return fastReads(API_ROUTES, fixedHeaders);
}
