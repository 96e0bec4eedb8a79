import { test } from "node:test";
import assert from "node:assert/strict";
import { isJsonContentType, readBodyText } from "@/lib/http/body";

/** A request whose body never ends, counting how many chunks were pulled from it. */
function endless(chunk = 1024, headers: Record<string, string> = {}) {
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled++;
      controller.enqueue(new Uint8Array(chunk).fill(97));
    },
  });
  return { req: new Request("http://x/api", { method: "POST", body, headers, duplex: "half" } as RequestInit), state };
}

test("a body that grows past the limit is refused once the limit is crossed, not read to its end", async () => {
  const { req, state } = endless(1024);
  await assert.rejects(readBodyText(req, 10_000), (e: { code?: string }) => e.code === "PAYLOAD_TOO_LARGE");
  assert.ok(state.pulled <= 12, `pulled ${state.pulled} chunks of 1 KiB for a 10 KB limit`);
});

test("a declared Content-Length over the limit is refused before a byte is read", async () => {
  const { req, state } = endless(1024, { "content-length": String(5 * 1024 ** 3) });
  await assert.rejects(readBodyText(req, 10_000), (e: { code?: string }) => e.code === "PAYLOAD_TOO_LARGE");
  assert.ok(state.pulled <= 1, "at most what the stream pre-fills");
});

test("a body within the limit is read whole, as UTF-8", async () => {
  const text = JSON.stringify({ msg: "héllo 🔥".repeat(100) });
  assert.equal(await readBodyText(new Request("http://x/api", { method: "POST", body: text }), 64 * 1024), text);
  assert.equal(await readBodyText(new Request("http://x/api", { method: "POST" }), 10), "");
  const exact = "a".repeat(100);
  assert.equal(await readBodyText(new Request("http://x/api", { method: "POST", body: exact }), 100), exact);
});

test("only the JSON media type is JSON; parameters are allowed", () => {
  for (const ok of ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8", " application/json ; x=y"]) assert.equal(isJsonContentType(ok), true, ok);
  for (const no of [null, "", "application/jsonx", "text/plain; application/json", "text/plain;charset=application/json", "application/json-patch+json", "multipart/form-data", "application/x-www-form-urlencoded"]) {
    assert.equal(isJsonContentType(no), false, String(no));
  }
});
