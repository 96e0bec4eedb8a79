import "server-only";
import { cookies, headers } from "next/headers";
import { config } from "@/lib/config";
import { currentTokenVersion } from "@/lib/accounts/authenticate";
import { encodeSessionToken, SESSION_MAX_AGE_SECONDS, sessionCookie } from "@/lib/accounts/session-cookie";

/** The caller's address as server.ts recorded it (x-real-ip; whatever a client sent there is overwritten). */
export async function requestIp(): Promise<string> {
  return (await headers()).get("x-real-ip") ?? "local";
}

/** Signs the browser in as next-auth's credentials callback would: the same cookie, name, flags and lifetime. */
export async function startBrowserSession(user: { id: string; username: string; email: string }): Promise<void> {
  const cfg = config();
  const { name, options } = sessionCookie(cfg.publicUrl);
  const value = await encodeSessionToken(user, cfg.AUTH_SECRET, (await currentTokenVersion(user.id)) ?? 0);
  (await cookies()).set(name, value, { ...options, maxAge: SESSION_MAX_AGE_SECONDS });
}
