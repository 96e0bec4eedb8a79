import { describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { BASE, call, newUser } from "./support/http";
import { assertConforms } from "./support/conformance";

type Upload = { status: number; body: string; sentBytes: number; ms: number };

/**
 * Sends a body in 16 KiB chunks every 10 ms (chunked, unless headers set a Content-Length) until the server
 * answers or `maxBytes` went out, as a slow attacker would. Resolves with the answer and how much was sent.
 */
function slowUpload(path: string, opts: { headers?: Record<string, string>; maxBytes?: number; timeoutMs?: number } = {}): Promise<Upload> {
  const url = new URL(path, BASE);
  const chunk = Buffer.alloc(16 * 1024, "a");
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "Content-Type": "application/json", ...opts.headers } });
    const timer = setInterval(() => {
      if (sentBytes >= (opts.maxBytes ?? 64 * 1024 ** 2)) return;
      sentBytes += chunk.length;
      req.write(chunk);
    }, 10);
    const deadline = setTimeout(() => {
      clearInterval(timer);
      req.destroy();
      reject(new Error(`no answer within ${opts.timeoutMs ?? 5000} ms after sending ${sentBytes} bytes`));
    }, opts.timeoutMs ?? 5000);
    req.on("response", (res) => {
      clearInterval(timer);
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => {
        clearTimeout(deadline);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), sentBytes, ms: Date.now() - started });
      });
    });
    req.on("error", (err) => {
      clearTimeout(deadline);
      clearInterval(timer);
      reject(err);
    });
  });
}

async function assertHealthy(): Promise<void> {
  assert.equal((await call("GET", "/api/health")).status, 200, "the server still answers");
  assert.equal((await call("GET", "/api/livestream/categories")).status, 200);
}

function assertTooLarge(path: string, res: Upload, limit: number): void {
  assert.equal(res.status, 413, res.body);
  const body = JSON.parse(res.body) as { success: boolean; error: { code: string } };
  assert.equal(body.error.code, "PAYLOAD_TOO_LARGE");
  assertConforms("POST", path, res.status, body);
  assert.ok(res.ms < 3000, `answered after ${res.ms} ms`);
  // It answered after reading about the limit, not the whole body: a few chunks past it at most.
  assert.ok(res.sentBytes < limit + 2 * 1024 ** 2, `sent ${res.sentBytes} bytes before the answer`);
}

describe("request bodies are bounded while they stream", () => {
  test("a chunked JSON body far over the limit gets 413 at once, and the server stays healthy", async () => {
    const res = await slowUpload("/api/auth/login");
    assertTooLarge("/api/auth/login", res, 64 * 1024);
    await assertHealthy();
  });

  test("a chunked webhook body over its limit gets 413 before it is all read", async () => {
    const res = await slowUpload("/api/livekit/webhook", { headers: { "Content-Type": "application/webhook+json", Authorization: "not-checked-yet" } });
    assertTooLarge("/api/livekit/webhook", res, 256 * 1024);
    await assertHealthy();
  });

  test("next-auth's sign-in form, which next-auth would read whole, is bounded too", async () => {
    const res = await slowUpload("/api/auth/callback/credentials", { headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    assert.equal(res.status, 413, res.body);
    assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, "PAYLOAD_TOO_LARGE");
    assert.ok(res.ms < 3000 && res.sentBytes < 2 * 1024 ** 2, `${res.sentBytes} bytes in ${res.ms} ms`);
    await assertHealthy();
  });

  test("a Content-Length that claims gigabytes is refused before the body arrives", async () => {
    for (const path of ["/api/auth/login", "/api/livekit/webhook"]) {
      const res = await slowUpload(path, { headers: { "Content-Length": String(5 * 1024 ** 3) } });
      assertTooLarge(path, res, 0);
    }
    await assertHealthy();
  });

  test("a Content-Length smaller than the body: only the declared bytes are the body, the rest is refused", async () => {
    const url = new URL(BASE);
    const status = await new Promise<string>((resolve, reject) => {
      const sock = net.createConnection({ host: url.hostname, port: Number(url.port) }, () => {
        sock.write(`POST /api/auth/login HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n`);
        sock.write(Buffer.alloc(1024 ** 2, "a"));
      });
      let text = "";
      sock.on("data", (d: Buffer) => {
        text += d.toString();
        if (text.includes("\r\n")) {
          sock.destroy();
          resolve(text.slice(0, text.indexOf("\r\n")));
        }
      });
      sock.on("error", reject);
      setTimeout(() => reject(new Error("no answer")), 5000).unref();
    });
    assert.equal(status, "HTTP/1.1 400 Bad Request", "the declared 16 bytes are no JSON, the surplus no request");
    await assertHealthy();
  });

  test("bodies within the limit are read as before", async () => {
    const u = await newUser("bl");
    const raw = `${" ".repeat(60 * 1024)}${JSON.stringify({ login: u.username, password: u.password })}`;
    const res = await call<{ success: boolean }>("POST", "/api/auth/login", { raw, headers: { "Content-Type": "application/json" } });
    assert.equal(res.status, 200);
  });
});
