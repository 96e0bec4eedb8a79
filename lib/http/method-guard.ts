import "server-only";
import { AppError, errorBody } from "@/lib/errors";
import { HTTP_METHODS } from "@/lib/openapi/collect";
import type { ApiRoute } from "@/lib/openapi/route-index";

export type Refusal = { status: number; headers: Record<string, string>; body: string };
type Route = { segments: string[]; allow: string[] };

/** The methods Next's app router hands to a route module; it cannot take any other (see methodGuard). */
const ROUTABLE = new Set<string>(HTTP_METHODS);

/** What a route module answers: its exported handlers, plus HEAD (where there is a GET) and OPTIONS, which Next implements itself. */
function allowOf(module: Readonly<Record<string, unknown>>): string[] {
  const exported = new Set(HTTP_METHODS.filter((m) => typeof module[m] === "function"));
  if (exported.has("GET")) exported.add("HEAD");
  exported.add("OPTIONS");
  return HTTP_METHODS.filter((m) => exported.has(m));
}

const segmentsOf = (path: string) => path.split("/").filter(Boolean);

/** Next's precedence: at the first segment where two matching routes differ, a fixed segment beats a parameter. */
function moreSpecific(a: Route, b: Route): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const pa = a.segments[i]?.startsWith("{") ?? false;
    const pb = b.segments[i]?.startsWith("{") ?? false;
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

function matches(route: Route, parts: string[]): boolean {
  return route.segments.length === parts.length && route.segments.every((s, i) => s.startsWith("{") || s === parts[i]);
}

function refusal(status: number, err: AppError, headers: Record<string, string> = {}): Refusal {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", ...headers },
    body: JSON.stringify(errorBody(err)),
  };
}

/**
 * Answers, before Next sees it, an API request whose method its route does not export: 405
 * `METHOD_NOT_ALLOWED` in the error envelope with `Allow`. Next cannot do this itself: it builds a WHATWG
 * `Request` for every route handler call, whose constructor throws on CONNECT, TRACE and TRACK (a 500 from
 * Next's adapter, before any route code runs); other unknown methods get an empty 400, and unexported
 * standard ones an empty 405 without `Allow`. Unknown API paths keep the catch-all's 404, for every method.
 */
export function methodGuard(routes: readonly ApiRoute[]): (method: string, url: string) => Refusal | null {
  const table: Route[] = routes.map((r) => ({ segments: segmentsOf(r.path), allow: allowOf(r.module) }));
  return (method, url) => {
    const pathname = new URL(url, "http://local").pathname;
    if (!pathname.startsWith("/api/")) return null;
    const parts = segmentsOf(pathname);
    const route = table.filter((r) => matches(r, parts)).sort(moreSpecific)[0];
    if (route) {
      if (route.allow.includes(method)) return null;
      return refusal(405, new AppError("METHOD_NOT_ALLOWED", `${method} is not allowed here; use ${route.allow.join(", ")}`), { Allow: route.allow.join(", ") });
    }
    // Routes outside the document (next-auth's, the document itself) and the catch-all take what Next routes.
    if (ROUTABLE.has(method)) return null;
    return refusal(404, new AppError("NOT_FOUND", `No API route ${method} ${pathname}`));
  };
}

/** The guard over every documented route module, loaded when server.ts starts (after the environment is read). */
export async function loadMethodGuard(): Promise<ReturnType<typeof methodGuard>> {
  const { API_ROUTES } = await import("@/lib/openapi/route-index");
  return methodGuard(API_ROUTES);
}
