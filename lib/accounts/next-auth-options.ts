import type { Account, NextAuthOptions, Profile, User } from "next-auth";
import { z } from "zod";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { config } from "@/lib/config";
import { toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { loginInput, safeCallbackPath } from "@/lib/accounts/schemas";
import { loginUser } from "@/lib/accounts/login-user";
import { upsertOAuthUser, type OAuthOutcome, type OAuthProfile } from "@/lib/accounts/oauth-user";
import { providerEmail, verifiedGitHubEmail } from "@/lib/accounts/oauth-link";
import { currentTokenVersion } from "@/lib/accounts/authenticate";
import { SESSION_MAX_AGE_SECONDS, nextAuthCookies } from "@/lib/accounts/session-cookie";

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  // server.ts sets x-real-ip from the socket (or the trusted proxy), replacing anything a client sent.
  const ip = headers?.["x-real-ip"];
  return (Array.isArray(ip) ? ip[0] : ip) || "local";
}

/** What the login page says for each refused OAuth sign-in (`/login?error=`). */
const OAUTH_REFUSED: Record<Extract<OAuthOutcome, { ok: false }>["reason"], string> = {
  provider_email_unverified: "OAuthEmailUnverified",
  account_needs_password: "OAuthAccountExists",
};

/** Thrown by the jwt callback for a session older than the last logout; next-auth then drops the cookie. */
const SESSION_ENDED = "SESSION_ENDED";

const githubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

function identityOf(account: Account, user: User, profile: Profile | undefined): OAuthProfile {
  const { email, verified } = providerEmail(profile);
  const login = (profile as { login?: unknown } | undefined)?.login;
  return { provider: account.provider, providerAccountId: account.providerAccountId, email, emailVerified: verified, name: user.name, image: user.image, login: typeof login === "string" ? login : null };
}

/** next-auth for the browser: JWT sessions whose `sub` is our user id, so one resolver serves cookies and sockets. */
export function authOptions(): NextAuthOptions {
  const cfg = config();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Password",
      credentials: { login: { label: "Username or email", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = loginInput.safeParse({ login: credentials?.login, password: credentials?.password });
        if (!parsed.success) return null;
        try {
          const { user } = await loginUser(parsed.data, clientIp(req?.headers));
          return { id: user.id, name: user.username, email: user.email };
        } catch (err) {
          if (toAppError(err).code === "RATE_LIMITED") throw new Error("RATE_LIMITED");
          if (toAppError(err).code === "INVALID_CREDENTIALS") return null;
          throw err;
        }
      },
    }),
  ];
  if (cfg.GITHUB_ID && cfg.GITHUB_SECRET) {
    providers.push(
      GitHubProvider({
        clientId: cfg.GITHUB_ID,
        clientSecret: cfg.GITHUB_SECRET,
        // GitHub's profile does not say whether its address is verified; its list of addresses does.
        userinfo: {
          url: "https://api.github.com/user",
          async request({ client, tokens }) {
            const profile = await client.userinfo(tokens.access_token ?? "");
            const res = await fetch("https://api.github.com/user/emails", { headers: { Authorization: `token ${tokens.access_token ?? ""}`, Accept: "application/vnd.github+json" } });
            const emails = githubEmails.safeParse(res.ok ? await res.json() : []);
            const email = verifiedGitHubEmail(emails.success ? emails.data : []);
            return { ...profile, email: email ?? undefined, email_verified: email !== null };
          },
        },
      }),
    );
  }
  if (cfg.GOOGLE_ID && cfg.GOOGLE_SECRET) providers.push(GoogleProvider({ clientId: cfg.GOOGLE_ID, clientSecret: cfg.GOOGLE_SECRET }));

  return {
    secret: cfg.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    ...nextAuthCookies(cfg.publicUrl),
    pages: { signIn: "/login" },
    providers,
    logger: {
      error(code, metadata) {
        const message = metadata instanceof Error ? metadata.message : String((metadata as { message?: unknown } | undefined)?.message ?? "");
        // A session ended by a logout is expected, not an error.
        if (code === "JWT_SESSION_ERROR" && message === SESSION_ENDED) return;
        log.error("next-auth error", { code, err: metadata instanceof Error ? metadata.stack : message });
      },
    },
    callbacks: {
      // Only paths on this site: an OAuth `callbackUrl` of //evil.tld or https://evil.tld lands on the home page.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
      /** An OAuth sign-in that may not join or create an account is sent back to the login page, which says why. */
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        const outcome = await upsertOAuthUser(identityOf(account, user, profile));
        return outcome.ok ? true : `${cfg.publicUrl}/login?error=${OAUTH_REFUSED[outcome.reason]}`;
      },
      async jwt({ token, user, account, profile }) {
        if (account && user) {
          let userId = user.id;
          if (account.provider !== "credentials") {
            // Allowed by signIn a moment ago: this finds the identity it linked or created.
            const outcome = await upsertOAuthUser(identityOf(account, user, profile));
            if (!outcome.ok) throw new Error("OAuth sign-in refused");
            userId = outcome.userId;
          } else {
            token.name = user.name;
          }
          token.sub = userId;
          // The session's generation: "log out everywhere" bumps the user's, and older sessions end.
          token.tv = await currentTokenVersion(userId);
          return token;
        }
        const current = token.sub ? await currentTokenVersion(token.sub) : null;
        if (current === null || token.tv !== current) throw new Error(SESSION_ENDED);
        return token;
      },
      async session({ session, token }) {
        if (session.user) {
          (session.user as { id?: string }).id = token.sub;
        }
        return session;
      },
    },
  };
}
