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

const DEFAULT_MAX_BODY = 64 * 1024;

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textReply(JSON.stringify(data), status, headers);
}

/** The text each reply was made from: server.ts's fast reads (lib/http/fast-reads.ts) send it without reading the body stream back. */
const replyText = new WeakMap<Response, string>();
export function replyTextOf(res: Response): string | undefined {
  return replyText.get(res);
}

function textReply(text: string, status: number, headers: Record<string, string>): Response {
  const res = new Response(text, { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
  replyText.set(res, text);
  return res;
}

/**
 * A success envelope's text. Frozen data is an immutable snapshot shared by many requests (the discovery
 * listings, lib/streams/discovery-index.ts): serialised once, not per request.
 */
const envelopes = new WeakMap<object, string>();
function successText(data: unknown): string {
  if (typeof data !== "object" || data === null || !Object.isFrozen(data)) return JSON.stringify({ success: true, data });
  let text = envelopes.get(data);
  if (text === undefined) envelopes.set(data, (text = JSON.stringify({ success: true, data })));
  return text;
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
  return documented({ ...operation, errors: [...new Set([...impliedErrors(spec), ...(spec.errors ?? [])])], sameOriginWrites: true }, async (req: Request, context?: RouteContext): Promise<Response> => {
    const requestId = randomUUID();
    try {
      assertSameOriginWrite(req, config().allowedOrigins);
      const headers = { authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") };
      const actor = spec.auth === "required" ? await requireActor(headers) : await resolveActor(headers);
      const rawParams = context?.params ? await context.params : {};
      const params = spec.params ? spec.params.parse(rawParams) : (undefined as P);
      const query = spec.query ? spec.query.parse(Object.fromEntries(new URL(req.url).searchParams)) : (undefined as Q);
      const body = spec.body ? spec.body.parse(await readJson(req, spec.maxBodyBytes ?? DEFAULT_MAX_BODY)) : (undefined as B);
      const data = await fn({ req, params, query, body, actor: actor as Ctx<P, Q, B, A>["actor"], ip: clientIp(req), requestId });
      return textReply(successText(data), spec.status ?? 200, { "X-Request-Id": requestId, ...cache });
    } catch (err) {
      const appErr = toAppError(err, requestId);
      if (appErr.status >= 500) log.error("request failed", { requestId, method: req.method, path: new URL(req.url).pathname, err: err instanceof Error ? err.stack : String(err) });
      return json(errorBody(appErr), appErr.status, { "X-Request-Id": requestId, ...cache, ...appErr.headers });
    }
  });
}
