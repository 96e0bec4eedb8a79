import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { route } from "@/lib/http/route";
import { fastReads } from "@/lib/http/fast-reads";
import type { ApiRoute } from "@/lib/openapi/route-index";

/**
 * The Node adapter of route() (server.ts's fast reads) against the Web one Next calls, on one handler: the same
 * status, headers and bytes for good and bad queries and callers, and only GETs of the listed paths are taken.
 * tests/discovery-fast-path.test.ts compares the real discovery routes with Next serving them.
 */
const FIXED = { "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff" };
const listing = Object.freeze({ items: Object.freeze(["a", "é", "\u{1F3AE}"]) });
const seen: string[] = [];

const GET = route({ tag: "t", summary: "s", query: z.object({ n: z.coerce.number().int().min(1).max(3), q: z.string().optional() }).strict(), response: z.unknown() }, async ({ query, req }) => {
  // A handler that reads the request itself gets a real one (made on demand by the Node adapter).
  if (query.q === "ua") return { ua: req.headers.get("user-agent"), url: new URL(req.url).search };
  seen.push(String(query.n));
  return query.n === 2 ? listing : { n: query.n, at: "fixed" };
});
const routes = [{ path: "/api/livestream/trending", module: { GET } }] as unknown as ApiRoute[];

let server: Server;
let base = "";
before(async () => {
  const fast = fastReads(routes, FIXED);
  server = createServer((req, res) => {
    if (fast(req, res)) return;
    res.writeHead(418).end("not taken");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

type Seen = { status: number; headers: Record<string, string>; body: string };
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);
async function seenOf(res: Response): Promise<Seen> {
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!TRANSPORT.has(k)) headers[k] = k === "x-request-id" ? v.replace(/^[0-9a-f-]{36}$/, "<id>") : v;
  });
  return { status: res.status, headers, body: await res.text() };
}

test("the Node adapter answers as the Web handler does: status, headers and bytes, for good and bad queries and callers", async () => {
  const cases: [string, Record<string, string>][] = [
    ["?n=1", {}],
    ["?n=2", {}],
    ["?n=2", { Cookie: "theme=dark; other=1" }],
    ["?n=2&n=3", {}],
    ["?n=0", {}],
    ["?n=abc", {}],
    ["?n=1&extra=1", {}],
    ["", {}],
    ["?n=1&q=%ZZ", {}],
    ["?n=1", { Authorization: "Bearer not-a-token" }],
    ["?n=1", { Authorization: "Basic abc" }],
    ["?n=1&q=ua", { "User-Agent": "probe/1" }],
  ];
  for (const [query, headers] of cases) {
    const fast = await seenOf(await fetch(`${base}/api/livestream/trending${query}`, { headers }));
    const web = await seenOf(await GET(new Request(`http://local/api/livestream/trending${query}`, { headers })));
    // What next.config.mjs adds on every path and Next's server on every app route, which Next puts on the route's reply: the adapter adds them too.
    for (const [k, v] of Object.entries(FIXED)) web.headers[k.toLowerCase()] = v;
    web.headers.vary = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";
    // fetch asks for gzip (and decodes it), and Next's compression gzips every route reply, however small.
    web.headers["content-encoding"] = "gzip";
    assert.deepEqual(fast, web, `${query} ${JSON.stringify(headers)}`);
    assert.notEqual(fast.status, 500, query);
  }
});

test("a cached (frozen) listing is sent as the same bytes every time, each reply with its own request id", async () => {
  const a = await fetch(`${base}/api/livestream/trending?n=2`);
  const b = await fetch(`${base}/api/livestream/trending?n=2`);
  const [ta, tb] = [await a.text(), await b.text()];
  assert.equal(ta, JSON.stringify({ success: true, data: listing }));
  assert.equal(tb, ta);
  assert.notEqual(a.headers.get("x-request-id"), b.headers.get("x-request-id"), "each request has its own id");
});

test("only GETs of the listed paths are taken; other methods, paths and prefixes go on (to Next)", async () => {
  for (const [method, path] of [
    ["POST", "/api/livestream/trending?n=1"],
    ["HEAD", "/api/livestream/trending?n=1"],
    ["GET", "/api/livestream/trending/?n=1"],
    ["GET", "/api/livestream/trendingx?n=1"],
    ["GET", "/api/livestream/search?q=a"],
    ["GET", "/API/livestream/trending?n=1"],
  ] as const) {
    const res = await fetch(`${base}${path}`, { method });
    assert.equal(res.status, 418, `${method} ${path}`);
  }
  const before = seen.length;
  assert.equal((await fetch(`${base}/api/livestream/trending?n=3`)).status, 200);
  assert.equal(seen.length, before + 1, "the use case ran for the GET");
});
