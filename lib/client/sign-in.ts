import "client-only";
import { signIn } from "next-auth/react";

/** Why a password sign-in did not happen: next-auth's error (`CredentialsSignin`, `RATE_LIMITED`, …), `CSRF` (refused twice) or `UNAVAILABLE` (no answer). */
export type SignInResult = { ok: true } | { ok: false; error: string };

/**
 * next-auth refuses a credentials POST whose CSRF token does not match the cookie by answering
 * `{ url: "/api/auth/signin?csrf=true" }` with status 200 and no error, which its `signIn()` passes on as a
 * success without a session. It happens when two requests for a page set different CSRF cookies at once (a
 * first, slow development compile does that).
 */
function refusedForCsrf(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url, "http://x").searchParams.get("csrf") === "true";
  } catch {
    return false;
  }
}

/**
 * Signs in with a login name (or email) and password, without a redirect, so the page's session follows in
 * place. A CSRF refusal is tried once more: `signIn()` asks for the token again, which matches the cookie now.
 */
export async function signInWithPassword(login: string, password: string): Promise<SignInResult> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await signIn("credentials", { login, password, redirect: false });
    if (!res) return { ok: false, error: "UNAVAILABLE" };
    if (res.error) return { ok: false, error: res.error };
    if (!refusedForCsrf(res.url)) return { ok: true };
  }
  return { ok: false, error: "CSRF" };
}
