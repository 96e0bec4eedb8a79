import "server-only";
import { randomUUID } from "node:crypto";
import type { ZodType } from "zod";
import { AppError, errorBody, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { requireActor, resolveActor, type Actor } from "@/lib/accounts/authenticate";
import { clientIp } from "@/lib/http/client-ip";
import { isJsonContentType, readBodyText } from "@/lib/http/body";
import { assertSameOriginWrite } from "@/lib/http/csrf";
import { config } from "@/lib/config";
import { documented, type Documented, type ErrorStatus, type OperationSpec } from "@/lib/http/route-spec";

type AuthMode = "required" | "optional";

type Spec<P, Q, B, A extends AuthMode | undefined, R> = Pick<OperationSpec, "summary" | "tag" | "description" | "status" | "errors"> & {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  auth?: A;
  /** What the handler resolves to, the `data` of the reply: the handler's return type is checked against it. */
  response: ZodType<R>;
  maxBodyBytes?: number;
  /** The reply carries a secret (a stream key, a media or bearer token): `Cache-Control: no-store`, errors too. */
  noStore?: boolean;
};

type Ctx<P, Q, B, A> = {
  req: Request;
  params: P;
  query: Q;
  body: B;
  actor: A extends "required" ? Actor : Actor | null;
  ip: string;
  requestId: string;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export type RouteHandler = Documented<(req: Request, context?: RouteContext) => Promise<Response>>;

/**
 * A request as route() reads it: Next's Web Request, or the Node request server.ts answers itself (the fast
 * reads, lib/http/fast-reads.ts), which skips building a Web Request unless a handler asks for it.
 */
export type Incoming = {
  method: string;
  /** Absolute; only the path and the query are read. */
  url: string;
  headers: { get(name: string): string | null };
  /** The Web Request, made on first use (a body, or a handler that reads `ctx.req`). */
  request: () => Request;
};

/** A reply before it is a Web Response (Next) or written to a Node response (server.ts); `shared`: the body of a frozen, cached listing. */
export type Reply = { status: number; headers: Record<string, string>; text: string; shared?: SharedBody };
export type SharedBody = { text: string; bytes?: Buffer };
type Answer = (incoming: Incoming, context?: RouteContext) => Promise<Reply>;

/** route()'s answer without the Web Request/Response around it, for server.ts's fast reads; undefined for other handlers. */
const answers = new WeakMap<object, Answer>();
export function answerOf(handler: unknown): Answer | undefined {
  return typeof handler === "function" ? answers.get(handler) : undefined;
}

const DEFAULT_MAX_BODY = 64 * 1024;

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textReply(JSON.stringify(data), status, headers);
}

const JSON_TYPE = "application/json; charset=utf-8";

function textReply(text: string, status: number, headers: Record<string, string>): Response {
  return new Response(text, { status, headers: { "Content-Type": JSON_TYPE, ...headers } });
}

function jsonReply(data: unknown, status: number, headers: Record<string, string>): Reply {
  return { status, headers: { "Content-Type": JSON_TYPE, ...headers }, text: JSON.stringify(data) };
}

/**
 * A success envelope. Frozen data is an immutable snapshot shared by many requests (the discovery listings,
 * lib/streams/discovery-index.ts, cached per query until the listing changes): serialised once, not per
 * request, and the Node adapter keeps its bytes beside the text.
 */
const envelopes = new WeakMap<object, SharedBody>();
function successReply(data: unknown, status: number, headers: Record<string, string>): Reply {
  if (typeof data !== "object" || data === null || !Object.isFrozen(data)) return jsonReply({ success: true, data }, status, headers);
  let shared = envelopes.get(data);
  if (shared === undefined) envelopes.set(data, (shared = { text: JSON.stringify({ success: true, data }) }));
  return { status, headers: { "Content-Type": JSON_TYPE, ...headers }, text: shared.text, shared };
}

function webIncoming(req: Request): Incoming {
  return { method: req.method, url: req.url, headers: req.headers, request: () => req };
}

async function readJson(req: Request, limit: number): Promise<unknown> {
  const text = await readBodyText(req, limit);
  if (text.trim() === "") return {};
  if (!isJsonContentType(req.headers.get("content-type"))) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("INVALID_JSON", "The body is not valid JSON");
  }
}

/**
 * What this adapter itself can answer, whatever the use case: every request resolves the caller, so a bad
 * bearer token is 401 even where signing in is optional; parsing fails with 400; bodies are capped and JSON only.
 */
function impliedErrors(spec: { params?: unknown; query?: unknown; body?: unknown }): ErrorStatus[] {
  return [...(spec.params || spec.query || spec.body ? [400 as const] : []), 401, ...(spec.body ? [413 as const, 415 as const] : [])];
}

/**
 * The adapter every REST route uses: refuses cross-site writes made with the session cookie, authenticates,
 * parses params/query/body with zod, calls the use case and maps its result or error to `{ success, data }` /
 * `{ success: false, error }` with the right status.
 * The spec is also the operation's entry in the OpenAPI document (lib/openapi), so it is declared once.
 */
export function route<P = undefined, Q = undefined, B = undefined, A extends AuthMode | undefined = undefined, R = unknown>(
  spec: Spec<P, Q, B, A, R>,
  fn: (ctx: Ctx<P, Q, B, A>) => Promise<NoInfer<R>>,
): RouteHandler {
  const { maxBodyBytes: _limit, noStore, ...operation } = spec;
  const cache: Record<string, string> = noStore ? { "Cache-Control": "no-store" } : {};
  const answer: Answer = async (incoming, context) => {
    const requestId = randomUUID();
    try {
      assertSameOriginWrite(incoming, config().allowedOrigins);
      const headers = { authorization: incoming.headers.get("authorization"), cookie: incoming.headers.get("cookie") };
      const actor = spec.auth === "required" ? await requireActor(headers) : await resolveActor(headers);
      const rawParams = context?.params ? await context.params : {};
      const params = spec.params ? spec.params.parse(rawParams) : (undefined as P);
      const query = spec.query ? spec.query.parse(Object.fromEntries(new URL(incoming.url).searchParams)) : (undefined as Q);
      const body = spec.body ? spec.body.parse(await readJson(incoming.request(), spec.maxBodyBytes ?? DEFAULT_MAX_BODY)) : (undefined as B);
      const ctx = {
        // The Web Request only when the use case reads it (server.ts's fast reads never build one otherwise).
        get req() {
          return incoming.request();
        },
        params,
        query,
        body,
        actor: actor as Ctx<P, Q, B, A>["actor"],
        ip: clientIp(incoming),
        requestId,
      };
      const data = await fn(ctx);
      return successReply(data, spec.status ?? 200, { "X-Request-Id": requestId, ...cache });
    } catch (err) {
      const appErr = toAppError(err, requestId);
      if (appErr.status >= 500) log.error("request failed", { requestId, method: incoming.method, path: new URL(incoming.url).pathname, err: err instanceof Error ? err.stack : String(err) });
      return jsonReply(errorBody(appErr), appErr.status, { "X-Request-Id": requestId, ...cache, ...appErr.headers });
    }
  };
  const handler = documented({ ...operation, errors: [...new Set([...impliedErrors(spec), ...(spec.errors ?? [])])], sameOriginWrites: true }, async (req: Request, context?: RouteContext): Promise<Response> => {
    const reply = await answer(webIncoming(req), context);
    return new Response(reply.text, { status: reply.status, headers: reply.headers });
  });
  answers.set(handler, answer);
  return handler;
}
