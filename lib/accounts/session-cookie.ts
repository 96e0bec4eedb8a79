import { encode } from "next-auth/jwt";

/** How long a browser session lasts; next-auth's options and the form sign-in both use it. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

export type SessionCookie = {
  name: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean };
};

/**
 * The one name the session cookie has for this deployment, from the public URL's scheme alone (next-auth
 * prefixes it with `__Secure-` over https). Over https a plain-named cookie never counts: anything served
 * over http on the same host could have planted it. Over http a `__Secure-` one never counts: this
 * deployment never set it.
 */
export function sessionCookie(publicUrl: string): SessionCookie {
  const secure = new URL(publicUrl).protocol === "https:";
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure },
  };
}

/**
 * next-auth's cookie settings for this deployment: every cookie it sets (session, CSRF, callback URL) takes
 * its prefix and Secure flag from PUBLIC_URL, as resolveActor reads them, not from the scheme a request came in on.
 */
export function nextAuthCookies(publicUrl: string): { useSecureCookies: boolean; cookies: { sessionToken: SessionCookie } } {
  const cookie = sessionCookie(publicUrl);
  return { useSecureCookies: cookie.options.secure, cookies: { sessionToken: cookie } };
}

function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out.set(name, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      // a malformed cookie is ignored, not an error
    }
  }
  return out;
}

/** The session token from a Cookie header, under this deployment's cookie name only (next-auth may chunk it as name.0, name.1, ...). */
export function sessionTokenFrom(cookieHeader: string | null | undefined, publicUrl: string): string | null {
  const cookies = parseCookies(cookieHeader);
  const { name } = sessionCookie(publicUrl);
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`) ?? "");
  return chunks.length ? chunks.join("") : null;
}

/**
 * A session token as next-auth's credentials sign-in makes it (the claims our jwt callback keeps), for
 * sign-ins that happen outside next-auth's endpoints: the login and sign-up forms posted without JavaScript.
 */
export function encodeSessionToken(user: { id: string; username: string; email: string }, secret: string, tokenVersion: number): Promise<string> {
  // `tv`: the session's generation; a logout everywhere bumps the user's, and sessions of older ones end.
  return encode({ token: { sub: user.id, name: user.username, email: user.email, tv: tokenVersion }, secret, maxAge: SESSION_MAX_AGE_SECONDS });
}
