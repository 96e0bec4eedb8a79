import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { loadLivekitScript, type LivekitScript } from "@/lib/http/livekit-script";

// The script as development bundles it (esbuild over the real sources), behind a real HTTP server: what the
// script's handler does not answer gets a 404 here, as Next would.
let script: LivekitScript;
let server: http.Server;
let base = "";

before(async () => {
  script = await loadLivekitScript({ dev: true, headers: { "X-Content-Type-Options": "nosniff" } });
  server = http.createServer((req, res) => {
    if (!script.serve(req, res)) res.writeHead(404).end("next");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => server.close());

async function get(p: string, encoding: string, method = "GET"): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: p, method, headers: { "Accept-Encoding": encoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on("error", reject).end();
  });
}

test("the script is an ES module named by its content, with livekit-client and the early join, and no server code", async () => {
  assert.match(script.src, /^\/_next\/static\/lk\/livekit-[\w-]{12}\.js$/);
  const { body } = await get(script.src, "identity");
  const code = body.toString("utf8");
  assert.ok(code.includes("__streamhubLK") && code.includes("__streamhubEarly"), "it hands livekit-client and the early room to Next's bundle");
  // Loaded as a module by the pages, and as a classic script after a client-side navigation (livekit-global.ts).
  assert.ok(!/\bimport\.meta\b/.test(code) && !/(^|[;}])\s*(import|export)\s*[{*\w]/.test(code), "no import, export or import.meta");
  assert.ok(!/\brequire\(/.test(code), "nothing left for a bundler to resolve");
  assert.ok(!code.includes("livekit-server-sdk") && !code.includes("mongoose"), "browser code only");
});

test("it is served with Brotli, gzip or as is, as the browser accepts, cached for good, with the site's headers", async () => {
  const raw = await get(script.src, "identity");
  const br = await get(`${script.src}?v=1`, "gzip, deflate, br, zstd");
  const gz = await get(script.src, "gzip");
  for (const r of [raw, br, gz]) {
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/javascript; charset=UTF-8");
    assert.equal(r.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(r.headers["x-content-type-options"], "nosniff");
    assert.equal(r.headers.vary, "Accept-Encoding");
  }
  assert.equal(raw.headers["content-encoding"], undefined);
  assert.equal(br.headers["content-encoding"], "br");
  assert.equal(gz.headers["content-encoding"], "gzip");
  assert.deepEqual(zlib.brotliDecompressSync(br.body), raw.body);
  assert.deepEqual(zlib.gunzipSync(gz.body), raw.body);
  assert.ok(br.body.length < raw.body.length / 3);
  const head = await get(script.src, "br", "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test("any other path, and any other method, are left to Next", async () => {
  assert.equal((await get("/_next/static/lk/livekit-AAAAAAAAAAAA.js", "br")).status, 404);
  assert.equal((await get(`${script.src}/..`, "br")).status, 404);
  assert.equal((await get(script.src, "br", "POST")).status, 404);
});

test("production reads what `npm run build` wrote, and says what to do when it is missing", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lk-"));
  try {
    await assert.rejects(loadLivekitScript({ dev: false, root }), /npm run build/);
    const dir = path.join(root, ".next", "livekit");
    fs.mkdirSync(dir, { recursive: true });
    const name = "livekit-abcdefghijkl.js";
    fs.writeFileSync(path.join(dir, name), "export {};");
    fs.writeFileSync(path.join(dir, `${name}.br`), zlib.brotliCompressSync("export {};"));
    fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync("export {};"));
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ name }));
    const built = await loadLivekitScript({ dev: false, root });
    assert.equal(built.src, `/_next/static/lk/${name}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
