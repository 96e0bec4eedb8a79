import { specOf, type OperationSpec } from "@/lib/http/route-spec";
import type { ApiRoute } from "@/lib/openapi/route-index";

/** The exports Next treats as method handlers in a route module. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];
export type Operation = { method: Lowercase<HttpMethod>; path: string; spec: OperationSpec };

const WRITES: readonly HttpMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

/** route() refuses cross-site writes made with the session cookie (403 CSRF_REJECTED): the writes list 403. */
function withCsrfStatus(method: HttpMethod, spec: OperationSpec): OperationSpec {
  if (!spec.sameOriginWrites || !WRITES.includes(method) || spec.errors?.includes(403)) return spec;
  return { ...spec, errors: [...(spec.errors ?? []), 403] };
}

/** Every method handler each module exports. One without a spec throws: it is never silently left out. */
export function collectOperations(routes: readonly ApiRoute[]): Operation[] {
  return routes.flatMap(({ path, module }) =>
    HTTP_METHODS.filter((m) => m in module).map((m) => {
      const spec = specOf(module[m]);
      if (!spec) throw new Error(`${m} ${path} has no OpenAPI spec: build it with route() or documented() from lib/http`);
      return { method: m.toLowerCase() as Lowercase<HttpMethod>, path, spec: withCsrfStatus(m, spec) };
    }),
  );
}
