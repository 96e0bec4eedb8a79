import { randomUUID } from "node:crypto";
import type { ZodType } from "zod";
import { AppError, errorBody, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { requireActor, resolveActor, type Actor } from "@/lib/accounts/authenticate";
import { clientIp } from "@/lib/http/client-ip";

type AuthMode = "required" | "optional";

type Spec<P, Q, B, A extends AuthMode | undefined> = {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  auth?: A;
  /** Success status, 200 unless set (201 for creations). */
  status?: number;
  maxBodyBytes?: number;
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

const DEFAULT_MAX_BODY = 64 * 1024;

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
}

async function readJson(req: Request, limit: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${limit} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > limit) throw new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${limit} bytes`);
  if (text.trim() === "") return {};
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("INVALID_JSON", "The body is not valid JSON");
  }
}

/**
 * The adapter every REST route uses: authenticates, parses params/query/body with zod, calls the use case
 * and maps its result or error to `{ success, data }` / `{ success: false, error }` with the right status.
 */
export function route<P = undefined, Q = undefined, B = undefined, A extends AuthMode | undefined = undefined>(
  spec: Spec<P, Q, B, A>,
  fn: (ctx: Ctx<P, Q, B, A>) => Promise<unknown>,
) {
  return async (req: Request, context?: RouteContext): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const headers = { authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") };
      const actor = spec.auth === "required" ? await requireActor(headers) : await resolveActor(headers);
      const rawParams = context?.params ? await context.params : {};
      const params = spec.params ? spec.params.parse(rawParams) : (undefined as P);
      const query = spec.query ? spec.query.parse(Object.fromEntries(new URL(req.url).searchParams)) : (undefined as Q);
      const body = spec.body ? spec.body.parse(await readJson(req, spec.maxBodyBytes ?? DEFAULT_MAX_BODY)) : (undefined as B);
      const data = await fn({ req, params, query, body, actor: actor as Ctx<P, Q, B, A>["actor"], ip: clientIp(req), requestId });
      return json({ success: true, data }, spec.status ?? 200, { "X-Request-Id": requestId });
    } catch (err) {
      const appErr = toAppError(err, requestId);
      if (appErr.status >= 500) log.error("request failed", { requestId, method: req.method, path: new URL(req.url).pathname, err: err instanceof Error ? err.stack : String(err) });
      return json(errorBody(appErr), appErr.status, { "X-Request-Id": requestId, ...appErr.headers });
    }
  };
}
