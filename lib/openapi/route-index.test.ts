import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { API_ROUTES, NOT_DOCUMENTED } from "@/lib/openapi/route-index";
import { HTTP_METHODS } from "@/lib/openapi/collect";
import { openApiDocument } from "@/lib/openapi/document";

const ROOT = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return routeFiles(rel);
    return /^route\.(ts|tsx|js)$/.test(e.name) ? [rel] : [];
  });
}

/** Next's rule: folders are segments, `(group)` folders vanish, `[x]` is a parameter; catch-alls have no OpenAPI form. */
function urlOf(file: string): string | null {
  const segments = path.posix.dirname(file).split("/").slice(1).filter((s) => !/^\(.*\)$/.test(s));
  if (segments.some((s) => s.startsWith("[..") || s.startsWith("[[..."))) return null;
  return "/" + segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
}

const files = routeFiles("app/api").sort();
const documented = files.filter((f) => !(f in NOT_DOCUMENTED));
let built: ReturnType<typeof openApiDocument> | undefined;
/** Built inside the tests, so a handler exported without a spec fails one test with its name, not the file. */
const document = () => (built ??= openApiDocument("http://test.invalid"));

test("folders map to OpenAPI paths as Next routes them", () => {
  assert.equal(urlOf("app/api/livestream/[id]/bans/[userId]/route.ts"), "/api/livestream/{id}/bans/{userId}");
  assert.equal(urlOf("app/api/(admin)/stats/route.ts"), "/api/stats");
  assert.equal(urlOf("app/api/[...path]/route.ts"), null);
});

test("every route file under app/api is in the document, or excluded in one place with a reason", () => {
  for (const [file, reason] of Object.entries(NOT_DOCUMENTED)) {
    assert.ok(files.includes(file), `NOT_DOCUMENTED names ${file}, which does not exist`);
    assert.ok(reason.length > 20, `say why ${file} is not documented`);
  }
  const indexed = new Set(API_ROUTES.map((r) => r.path));
  for (const file of documented) {
    const url = urlOf(file);
    assert.ok(url, `${file} is a catch-all: add it to NOT_DOCUMENTED in lib/openapi/route-index.ts`);
    assert.ok(indexed.has(url), `${file} (${url}) is not in API_ROUTES of lib/openapi/route-index.ts`);
    assert.ok(document().paths[url], `${url} is missing from the document`);
  }
  assert.deepEqual(Object.keys(document().paths).sort(), documented.map(urlOf).sort(), "the document has paths with no route file");
  assert.equal(API_ROUTES.length, indexed.size, "a path is listed twice in API_ROUTES");
});

test("each indexed path points at the module of the file its folder names", async () => {
  for (const file of documented) {
    const entry = API_ROUTES.find((r) => r.path === urlOf(file));
    const mod = (await import(pathToFileURL(path.join(ROOT, file)).href)) as Record<string, unknown>;
    assert.equal(entry?.module, mod, `API_ROUTES maps ${urlOf(file)} to another file's module than ${file}`);
  }
});

test("the document's methods for each path are exactly the handlers its file exports", async () => {
  for (const file of documented) {
    const url = urlOf(file) ?? "";
    const mod = (await import(pathToFileURL(path.join(ROOT, file)).href)) as Record<string, unknown>;
    const exported = HTTP_METHODS.filter((m) => typeof mod[m] === "function").map((m) => m.toLowerCase());
    assert.deepEqual(Object.keys(document().paths[url] ?? {}).sort(), exported.sort(), `methods of ${url} (${file})`);
  }
});

test("each operation declares exactly its path's {placeholders} as path parameters", () => {
  for (const [url, methods] of Object.entries(document().paths)) {
    const placeholders = [...url.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [method, op] of Object.entries(methods)) {
      const inPath = op.parameters.filter((p) => p.in === "path").map((p) => p.name).sort();
      assert.deepEqual(inPath, placeholders, `${method.toUpperCase()} ${url}: declare params for its path`);
    }
  }
});
