import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import compression from "next/dist/compiled/compression";
import { config } from "@/lib/config";
import { hasSessionCookie } from "@/lib/accounts/authenticate";
import { listingVersion } from "@/lib/streams/discovery-index";
import { errorBody, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { answerOf, type Incoming, type Reply } from "@/lib/http/route";
import type { ApiRoute } from "@/lib/openapi/route-index";

/**
 * Reads that server.ts answers itself, before Next: the discovery listings, served from memory
 * (lib/streams/discovery-index.ts), where Next's routing of one API request (its matchers, request and work
 * stores, the route module's wrapper) costs several times the answer. They run the very route modules Next
 * would — route()'s own answer (caller, zod parsing, errors, status and headers), without the Web
 * Request/Response around it — with the headers next.config.mjs gives every path, so the reply is the same
 * (tests/discovery-fast-path.test.ts compares both). Only GET with exactly these paths; anything else goes to
 * Next. FAST_READS=false sends these to Next too.
 */
export const FAST_READ_PATHS = ["/api/livestream/trending", "/api/livestream/search"] as const;

type Answer = NonNullable<ReturnType<typeof answerOf>>;

/** A header as the Web Headers of Next's request would give it (Node already joined repeated ones). */
function headerOf(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name.toLowerCase()];
  return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
}

/** Only for a handler that reads `ctx.req`: the discovery routes never do. */
function requestOf(req: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return new Request(url, { headers });
}

function incomingOf(req: IncomingMessage): Incoming {
  // The handler reads the path and the query only; the Host header is the client's and is not trusted for a URL.
  const url = `http://local${req.url ?? "/"}`;
  let web: Request | undefined;
  return { method: "GET", url, headers: { get: (name) => headerOf(req, name) }, request: () => (web ??= requestOf(req, url)) };
}

/** The bytes of a cached listing's body are encoded once, beside its text, for every request that sends it. */
function bodyOf(reply: Reply): Buffer | string {
  if (!reply.shared) return reply.text;
  return (reply.shared.bytes ??= Buffer.from(reply.shared.text));
}

/**
 * Anonymous replies by URL, given again while the listings' version holds (lib/streams/discovery-index.ts
 * `listingVersion`: a change, re-read or refresh moves it on; null while one is in flight or the set is too
 * old, and then nothing is given from here). They are what route() answered for the very same request: these
 * routes' answers depend on the query and the caller alone, and the caller is the same for every request
 * without a bearer token or a session cookie. Signed-in callers always go through route(). Only successes
 * with a shared (cached listing) body are kept; each reply still gets its own X-Request-Id.
 */
type Memo = { version: number; status: number; headers: Record<string, string>; body: Buffer };
type Memos = LRUCache<string, Memo>;

function anonymous(req: IncomingMessage): boolean {
  return !req.headers.authorization && !(req.headers.cookie && hasSessionCookie(req.headers.cookie));
}

/** What Next's server adds to every app route's reply (base-server's setVaryHeader); compression then appends Accept-Encoding. */
const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
/**
 * Next's router server runs this middleware on every reply: gzip or deflate as the client accepts. Its 1 kB
 * threshold never applies to Next's route replies, which are streamed with no length known when the headers
 * go; neither does it here: the headers are written before the body, with no Content-Length.
 */
const compress = compression();
const VARY_IDENTITY = `${NEXT_VARY}, Accept-Encoding`;

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  // Without Accept-Encoding the middleware's negotiation gives identity and it only appends to Vary: done here,
  // at a fraction of its cost per request (API clients and load generators often send none).
  if (req.headers["accept-encoding"] === undefined) return void res.writeHead(status, { ...headers, Vary: VARY_IDENTITY }).end(body);
  compress(req, res, () => {
    res.writeHead(status, { ...headers, Vary: NEXT_VARY });
    res.end(body);
  });
}

async function serve(answer: Answer, req: IncomingMessage, res: ServerResponse, fixed: Record<string, string>, memo: Memos, version: number | null): Promise<void> {
  try {
    const reply = await answer(incomingOf(req));
    const body = bodyOf(reply);
    send(req, res, reply.status, { ...fixed, ...reply.headers }, body);
    // Kept only when nothing moved the listings while the answer was made.
    if (version !== null && reply.status === 200 && Buffer.isBuffer(body) && listingVersion() === version) {
      const { "X-Request-Id": _id, ...headers } = reply.headers;
      memo.set(req.url ?? "/", { version, status: reply.status, headers: { ...fixed, ...headers }, body });
    }
  } catch (err) {
    // route() answers every error itself; this is a fault of the adapter here.
    const requestId = randomUUID();
    log.error("fast read failed", { requestId, path: req.url?.split("?")[0], err: err instanceof Error ? err.stack : String(err) });
    if (!res.headersSent) res.writeHead(500, { ...fixed, "Content-Type": "application/json; charset=utf-8", "X-Request-Id": requestId, Vary: NEXT_VARY });
    res.end(JSON.stringify(errorBody(toAppError(err, requestId))));
  }
}

/** `(req, res) => handled`: true when the request was one of the fast reads (and is being answered). */
export function fastReads(routes: readonly ApiRoute[], fixedHeaders: Record<string, string>): (req: IncomingMessage, res: ServerResponse) => boolean {
  const table = new Map<string, Answer>();
  const memo: Memos = new LRUCache({ max: 500 });
  for (const p of FAST_READ_PATHS) {
    const answer = answerOf(routes.find((r) => r.path === p)?.module.GET);
    if (answer) table.set(p, answer);
  }
  return (req, res) => {
    if (req.method !== "GET") return false;
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const answer = table.get(q < 0 ? url : url.slice(0, q));
    if (!answer) return false;
    const version = anonymous(req) ? listingVersion() : null;
    const hit = version === null ? undefined : memo.get(url);
    if (hit && hit.version === version) send(req, res, hit.status, { ...hit.headers, "X-Request-Id": randomUUID() }, hit.body);
    else void serve(answer, req, res, fixedHeaders, memo, version);
    return true;
  };
}

/** The route modules, loaded when server.ts starts (after the environment is read); `fixedHeaders`: what next.config.mjs sets on every path. */
export async function loadFastReads(fixedHeaders: Record<string, string>): Promise<ReturnType<typeof fastReads>> {
  if (!config().FAST_READS) return () => false;
  const { API_ROUTES } = await import("@/lib/openapi/route-index");
  return fastReads(API_ROUTES, fixedHeaders);
}
