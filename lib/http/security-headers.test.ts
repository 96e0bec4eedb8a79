import { test } from "node:test";
import assert from "node:assert/strict";
import { contentSecurityPolicy, newNonce, pageSecurityHeaders } from "@/lib/http/security-headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
}

const base = { nonce: "bm9uY2U=", dev: false, publicUrl: "http://127.0.0.1:3000", livekitUrl: "ws://127.0.0.1:7880" };

test("scripts run only with this response's nonce; nothing may frame, embed or redirect forms", () => {
  const d = directives(contentSecurityPolicy(base));
  assert.deepEqual(d.get("script-src"), ["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
  assert.deepEqual(d.get("frame-ancestors"), ["'none'"]);
  assert.deepEqual(d.get("object-src"), ["'none'"]);
  assert.deepEqual(d.get("base-uri"), ["'self'"]);
  assert.deepEqual(d.get("form-action"), ["'self'"]);
  assert.ok(!d.get("script-src")?.includes("'unsafe-inline'"));
  assert.ok(!d.get("script-src")?.includes("'unsafe-eval'"));
});

test("connect-src is the app and LiveKit in both of its schemes", () => {
  assert.deepEqual(directives(contentSecurityPolicy(base)).get("connect-src"), ["'self'", "ws://127.0.0.1:7880", "http://127.0.0.1:7880"]);
  const secure = directives(contentSecurityPolicy({ ...base, livekitUrl: "wss://rtc.example.org" }));
  assert.deepEqual(secure.get("connect-src"), ["'self'", "wss://rtc.example.org", "https://rtc.example.org"]);
});

test("development adds what React's dev build and HMR need", () => {
  const d = directives(contentSecurityPolicy({ ...base, dev: true }));
  assert.ok(d.get("script-src")?.includes("'unsafe-eval'"));
  assert.ok(d.get("style-src")?.includes("'unsafe-inline'"));
});

test("https: HSTS, insecure requests upgraded, no http: images; plain http: neither", () => {
  const secure = pageSecurityHeaders({ ...base, publicUrl: "https://live.example.org" });
  assert.match(secure["Strict-Transport-Security"] ?? "", /^max-age=\d{8,}/);
  const d = directives(secure["Content-Security-Policy"] ?? "");
  assert.ok(d.has("upgrade-insecure-requests"));
  assert.ok(!d.get("img-src")?.includes("http:"));
  const plain = pageSecurityHeaders(base);
  assert.equal(plain["Strict-Transport-Security"], undefined);
  assert.ok(!directives(plain["Content-Security-Policy"] ?? "").has("upgrade-insecure-requests"));
  assert.ok(directives(plain["Content-Security-Policy"] ?? "").get("img-src")?.includes("https:"));
});

test("nonces are fresh and 128 bits", () => {
  const a = newNonce();
  assert.notEqual(a, newNonce());
  assert.equal(Buffer.from(a, "base64").length, 16);
});
