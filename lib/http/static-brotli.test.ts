import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { staticBrotli, type StaticBrotli } from "@/lib/http/static-brotli";

// A real HTTP server over a build folder of its own: what the Brotli layer does not answer gets a 404 here.
const dist = fs.mkdtempSync(path.join(os.tmpdir(), "brotli-"));
const script = `${"export const greeting = 'hello, viewer';\n".repeat(400)}`;
fs.mkdirSync(path.join(dist, "static", "chunks"), { recursive: true });
fs.writeFileSync(path.join(dist, "static", "chunks", "abc123.js"), script);
fs.writeFileSync(path.join(dist, "secret.js"), "not static");
let layer: StaticBrotli;
let server: http.Server;
let base = "";

before(async () => {
  // The headers server.ts reads from next.config.mjs for every path.
  layer = staticBrotli(dist, { headers: { "X-Content-Type-Options": "nosniff" } });
  server = http.createServer((req, res) => {
    if (!layer.serve(req, res)) res.writeHead(404).end("next");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  server.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

/** Raw request, path sent as written (fetch and URL strings would resolve ".." and decode the body). */
function get(p: string, encoding: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path: p, headers: { "Accept-Encoding": encoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    }).on("error", reject);
  });
}

test("a static script is left to Next the first time, then served with Brotli to browsers that accept it", async () => {
  const first = await get("/_next/static/chunks/abc123.js", "gzip, deflate, br, zstd");
  assert.equal(first.status, 404, "the first request is Next's while the copy is made");
  await layer.idle();
  const second = await get("/_next/static/chunks/abc123.js?v=1", "gzip, deflate, br, zstd");
  assert.equal(second.status, 200);
  assert.equal(second.headers["content-encoding"], "br");
  assert.equal(second.headers["x-content-type-options"], "nosniff");
  assert.match(String(second.headers["cache-control"]), /immutable/);
  assert.equal(zlib.brotliDecompressSync(second.body).toString(), script);
  assert.ok(second.body.length < script.length / 10, `compressed to ${second.body.length} bytes`);
});

test("browsers without Brotli, other methods' paths and paths out of the static folder are left to Next", async () => {
  await get("/_next/static/chunks/abc123.js", "br");
  await layer.idle();
  assert.equal((await get("/_next/static/chunks/abc123.js", "gzip, deflate")).status, 404);
  for (const out of ["/_next/static/../secret.js", "/_next/static/chunks/../../secret.js", "/_next/static/chunks/%2e%2e/%2e%2e/secret.js"]) {
    await get(out, "br");
    await layer.idle();
    assert.equal((await get(out, "br")).status, 404, out);
  }
  assert.equal((await get("/_next/static/chunks/missing.js", "br")).status, 404);
  await layer.idle();
  assert.equal((await get("/_next/static/chunks/missing.js", "br")).status, 404);
});
