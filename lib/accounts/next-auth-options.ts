import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { config } from "@/lib/config";
import { toAppError } from "@/lib/errors";
import { loginInput, safeCallbackPath } from "@/lib/accounts/schemas";
import { loginUser } from "@/lib/accounts/login-user";
import { upsertOAuthUser } from "@/lib/accounts/oauth-user";
import { SESSION_MAX_AGE_SECONDS, nextAuthCookies } from "@/lib/accounts/session-cookie";

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  // server.ts sets x-real-ip from the socket (or the trusted proxy), replacing anything a client sent.
  const ip = headers?.["x-real-ip"];
  return (Array.isArray(ip) ? ip[0] : ip) || "local";
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
  if (cfg.GITHUB_ID && cfg.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: cfg.GITHUB_ID, clientSecret: cfg.GITHUB_SECRET }));
  if (cfg.GOOGLE_ID && cfg.GOOGLE_SECRET) providers.push(GoogleProvider({ clientId: cfg.GOOGLE_ID, clientSecret: cfg.GOOGLE_SECRET }));

  return {
    secret: cfg.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    ...nextAuthCookies(cfg.publicUrl),
    pages: { signIn: "/login" },
    providers,
    callbacks: {
      // Only paths on this site: an OAuth `callbackUrl` of //evil.tld or https://evil.tld lands on the home page.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
      async jwt({ token, user, account, profile }) {
        if (account && account.provider !== "credentials") {
          const login = (profile as { login?: string } | undefined)?.login;
          token.sub = await upsertOAuthUser({
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email: user?.email,
            name: user?.name,
            image: user?.image,
            login,
          });
        } else if (user) {
          token.sub = user.id;
          token.name = user.name;
        }
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
