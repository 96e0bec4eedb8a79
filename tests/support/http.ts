import { randomBytes } from "node:crypto";
import { assertConforms } from "./conformance";
import { confirmEmail } from "./mail";

/** The app under test, booted by scripts/test.ts on the real services. */
export const BASE = process.env.STREAMHUB_TEST_URL ?? "";
if (!BASE) throw new Error("STREAMHUB_TEST_URL is not set: run integration tests with `npm run test:integration`");

export type Reply<T = unknown> = { status: number; headers: Headers; body: T };

type Envelope = { success: boolean; data?: unknown; error?: { code: string; message: string; details?: unknown } };

export async function call<T = Envelope>(method: string, path: string, opts: { json?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.json !== undefined) headers["Content-Type"] = "application/json";
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${BASE}${path}`, { method, headers, body: opts.raw ?? (opts.json !== undefined ? JSON.stringify(opts.json) : undefined), redirect: "manual" });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON; tests assert on the text
  }
  assertConforms(method, path, res.status, body);
  return { status: res.status, headers: res.headers, body: body as T };
}

export function uniqueName(prefix = "u"): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

export type TestUser = { id: string; username: string; email: string; password: string; token: string };

/**
 * Registers a fresh account through the public API and, unless `verified: false`, confirms its address
 * through the link mailed to it, as a person would (unverified accounts cannot go live).
 */
export async function newUser(prefix = "u", opts: { verified?: boolean } = {}): Promise<TestUser> {
  const username = uniqueName(prefix);
  const email = `${username}@example.test`;
  const password = `pw-${randomBytes(6).toString("hex")}`;
  const res = await call<{ success: boolean; data: { user: { id: string }; token: string } }>("POST", "/api/auth/register", { json: { username, email, password } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (opts.verified !== false) await confirmEmail(email);
  return { id: res.body.data.user.id, username, email, password, token: res.body.data.token };
}

/** Signs in through next-auth's credentials flow, as the browser does, and returns the session cookie. */
export async function sessionCookie(login: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, login, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`no session cookie (status ${res.status})`);
  return session.split(";")[0] ?? "";
}
