import { test } from "node:test";
import assert from "node:assert/strict";
import { assertSameOriginWrite } from "@/lib/http/csrf";

const ALLOWED = ["http://127.0.0.1:3000", "https://studio.example.org"];
const SESSION = "next-auth.session-token=abc.def.ghi";

function refused(method: string, headers: Record<string, string>): boolean {
  try {
    assertSameOriginWrite(new Request("http://127.0.0.1:3000/api/x", { method, headers }), ALLOWED);
    return false;
  } catch (err) {
    assert.equal((err as { code?: string }).code, "CSRF_REJECTED");
    return true;
  }
}

test("a write with the session cookie needs an allowed Origin or Sec-Fetch-Site: same-origin", () => {
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    assert.equal(refused(method, { cookie: SESSION }), true, `${method} without Origin`);
    assert.equal(refused(method, { cookie: SESSION, origin: "https://evil.example" }), true, `${method} from another site`);
    assert.equal(refused(method, { cookie: SESSION, origin: "null" }), true, `${method} from an opaque origin`);
    assert.equal(refused(method, { cookie: SESSION, origin: "http://127.0.0.1:3000" }), false, `${method} from PUBLIC_URL`);
    assert.equal(refused(method, { cookie: SESSION, origin: "https://studio.example.org" }), false, `${method} from SOCKET_ALLOWED_ORIGINS`);
    assert.equal(refused(method, { cookie: SESSION, "sec-fetch-site": "same-origin" }), false, `${method} same-origin by the browser's word`);
    assert.equal(refused(method, { cookie: SESSION, "sec-fetch-site": "same-site", origin: "https://sub.example.org" }), true, `${method} from a sibling site`);
  }
});

test("chunked session cookies count as a session too", () => {
  assert.equal(refused("POST", { cookie: "next-auth.session-token.0=abc; next-auth.session-token.1=def" }), true);
  assert.equal(refused("POST", { cookie: "__Secure-next-auth.session-token=abc" }), true);
});

test("reads, bearer tokens and requests without a session are not ambient: they pass", () => {
  assert.equal(refused("GET", { cookie: SESSION, origin: "https://evil.example" }), false);
  assert.equal(refused("HEAD", { cookie: SESSION }), false);
  assert.equal(refused("POST", { cookie: SESSION, origin: "https://evil.example", authorization: "Bearer x.y.z" }), false);
  assert.equal(refused("POST", { origin: "https://evil.example" }), false);
  assert.equal(refused("POST", { cookie: "theme=dark; next-auth.csrf-token=abc", origin: "https://evil.example" }), false);
});
