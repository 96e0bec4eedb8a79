import "server-only";
import { randomUUID } from "node:crypto";
import { z, type ZodType } from "zod";
import { errorBody, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { resolveActor, type Actor } from "@/lib/accounts/authenticate";
import { json, type RouteHandler } from "@/lib/http/route";
import { documented, type ErrorStatus, type OperationSpec } from "@/lib/http/route-spec";

type MediaSpec<P> = Pick<OperationSpec, "summary" | "tag" | "description"> & {
  params: ZodType<P>;
  binary: NonNullable<OperationSpec["binary"]>;
  errors?: ErrorStatus[];
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * route() for replies that are media, not JSON (a recording with byte ranges, a thumbnail, an HLS playlist):
 * the same caller resolution (session cookie, bearer token, anonymous), params parsed with zod, and errors in
 * the JSON envelope; the handler builds the Response itself. Reads only, so no CSRF check applies.
 */
export function mediaRoute<P>(spec: MediaSpec<P>, fn: (ctx: { req: Request; params: P; actor: Actor | null }) => Promise<Response>): RouteHandler {
  const errors = [...new Set<ErrorStatus>([400, 401, ...(spec.errors ?? [])])];
  const operation: OperationSpec = { ...spec, auth: "optional", response: z.string(), errors };
  return documented(operation, async (req: Request, context?: RouteContext): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const actor = await resolveActor({ authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") });
      const params = spec.params.parse(context?.params ? await context.params : {});
      return await fn({ req, params, actor });
    } catch (err) {
      const appErr = toAppError(err, requestId);
      if (appErr.status >= 500) log.error("media request failed", { requestId, path: new URL(req.url).pathname, err: err instanceof Error ? err.stack : String(err) });
      return json(errorBody(appErr), appErr.status, { "X-Request-Id": requestId, "Cache-Control": "no-store", ...appErr.headers });
    }
  });
}
