import { specOf, type OperationSpec } from "@/lib/http/route-spec";
import type { ApiRoute } from "@/lib/openapi/route-index";

/** The exports Next treats as method handlers in a route module. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];
export type Operation = { method: Lowercase<HttpMethod>; path: string; spec: OperationSpec };

/** Every method handler each module exports. One without a spec throws: it is never silently left out. */
export function collectOperations(routes: readonly ApiRoute[]): Operation[] {
  return routes.flatMap(({ path, module }) =>
    HTTP_METHODS.filter((m) => m in module).map((m) => {
      const spec = specOf(module[m]);
      if (!spec) throw new Error(`${m} ${path} has no OpenAPI spec: build it with route() or documented() from lib/http`);
      return { method: m.toLowerCase() as Lowercase<HttpMethod>, path, spec };
    }),
  );
}
