import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, call, newUser } from "./support/http";
import { act, createStream } from "./support/streams";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

function directives(csp: string | null): Map<string, string[]> {
  return new Map((csp ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
}

/** A page load as a browser makes it (it asks for HTML, which is when the server hands out the viewer cookie). */
async function page(path: string, base = BASE): Promise<{ res: Response; html: string }> {
  const res = await fetch(`${base}${path}`, { redirect: "manual", headers: { Accept: "text/html,application/xhtml+xml" } });
  return { res, html: await res.text() };
}

function assertStaticHeaders(headers: Headers, what: string): void {
  assert.equal(headers.get("x-content-type-options"), "nosniff", what);
  assert.equal(headers.get("referrer-policy"), "strict-origin-when-cross-origin", what);
  const permissions = headers.get("permissions-policy") ?? "";
  for (const feature of ["camera=(self)", "microphone=(self)", "display-capture=(self)"]) assert.ok(permissions.includes(feature), `${what}: ${permissions}`);
}

let httpsApp: AppProcess | undefined;
after(async () => {
  await httpsApp?.stop();
});

describe("pages carry a nonce-based Content-Security-Policy", () => {
  test("every script on a page carries the response's nonce, and the nonce changes per response", async () => {
    const nonces: string[] = [];
    for (const path of ["/", "/login", "/search", "/docs/api"]) {
      const { res, html } = await page(path);
      assert.equal(res.status, 200, path);
      const csp = directives(res.headers.get("content-security-policy"));
      const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(csp.get("script-src")?.find((v) => v.startsWith("'nonce-")) ?? "")?.[1];
      assert.ok(nonce, `${path}: no nonce in ${res.headers.get("content-security-policy")}`);
      assert.deepEqual(csp.get("script-src"), ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"], path);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0, `${path} has scripts`);
      for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `${path}: ${tag} carries no nonce`);
      nonces.push(nonce);
      assertStaticHeaders(res.headers, path);
    }
    assert.equal(new Set(nonces).size, nonces.length, "a fresh nonce per response");
  });

  test("the policy: LiveKit in connect-src, nothing framed or embedded, forms and base URL stay here", async () => {
    const { res } = await page("/");
    const csp = directives(res.headers.get("content-security-policy"));
    const livekit = new URL(process.env.LIVEKIT_PUBLIC_URL || process.env.LIVEKIT_URL || "");
    assert.deepEqual(csp.get("connect-src"), ["'self'", `ws://${livekit.host}`, `http://${livekit.host}`]);
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.deepEqual(csp.get("base-uri"), ["'self'"]);
    assert.deepEqual(csp.get("form-action"), ["'self'"]);
    assert.deepEqual(csp.get("default-src"), ["'self'"]);
    assert.ok(csp.get("img-src")?.includes("https:"), "thumbnails are external http(s) URLs");
    assert.equal(res.headers.get("strict-transport-security"), null, "no HSTS over plain http");
  });

  test("the watch page, which renders a media token, is never stored", async () => {
    const host = await newUser("hdr");
    const s = await createStream(host);
    await act(host, s.streamId, "start");
    const { res, html } = await page(`/watch/${s.streamId}`);
    assert.equal(res.status, 200);
    assert.match(html, /token\\?":\\?"ey/, "the page carries a media token");
    // Said by the app itself, not left to Next's default for dynamic pages (which would change with caching).
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.ok(res.headers.get("content-security-policy"));
    await act(host, s.streamId, "end");
  });

  test("behind https: HSTS, insecure requests upgraded, and the public LiveKit URL in connect-src", async () => {
    const port = await freePort();
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
    // localhost: production refuses the development LiveKit secret (which the test services use) beyond loopback.
    httpsApp = await startApp({ env: { ...env, LIVEKIT_PUBLIC_URL: "wss://rtc.example.test" }, port, production: true, stdio: "pipe", publicUrl: "https://localhost:8443" });
    const { res } = await page("/", `http://127.0.0.1:${port}`);
    assert.match(res.headers.get("strict-transport-security") ?? "", /^max-age=\d{8,}/);
    const csp = directives(res.headers.get("content-security-policy"));
    assert.ok(csp.has("upgrade-insecure-requests"));
    assert.deepEqual(csp.get("connect-src"), ["'self'", "wss://rtc.example.test", "https://rtc.example.test"]);
  });
});

describe("API replies", () => {
  test("carry nosniff, Referrer-Policy and Permissions-Policy", async () => {
    for (const path of ["/api/livestream/categories", "/api/health", "/api/definitely-not-here"]) assertStaticHeaders((await call("GET", path)).headers, path);
  });

  test("stream keys, media tokens and auth replies are never stored, errors included", async () => {
    const u = await newUser("nostore");
    const s = await createStream(u);
    const created = await call("POST", "/api/livestream/create", { token: u.token, json: { title: "Key", category: "talk" } });
    const replies = {
      create: created,
      key: await call("GET", `/api/livestream/${s.streamId}/key`, { token: u.token }),
      rotate: await call("POST", `/api/livestream/${s.streamId}/key/rotate`, { token: u.token }),
      login: await call("POST", "/api/auth/login", { json: { login: u.username, password: u.password } }),
      loginFailed: await call("POST", "/api/auth/login", { json: { login: u.username, password: "wrong-password" } }),
      register: await call("POST", "/api/auth/register", { json: { username: `${u.username}x`, email: `x${u.email}`, password: "a long password" } }),
    };
    await act(u, s.streamId, "start");
    const token = await call("POST", `/api/livestream/${s.streamId}/token`, { token: u.token });
    await act(u, s.streamId, "end");
    for (const [name, r] of Object.entries({ ...replies, token })) {
      assert.ok(r.status < 500, `${name}: ${r.status}`);
      assert.equal(r.headers.get("cache-control"), "no-store", name);
    }
    assert.equal(replies.loginFailed.status, 401);
  });
});
