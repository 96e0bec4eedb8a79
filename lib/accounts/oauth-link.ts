/**
 * Who an OAuth sign-in may become, as pure rules. An email address only joins two sign-in methods when both
 * sides proved they receive its mail: the provider says it verified the address, and the local account
 * confirmed it through our link. Otherwise someone who signs up with another person's address (we never
 * checked it) would share that person's account after their first "Continue with Google".
 */
export type LinkDecision =
  /** No account has the address: a new one, verified by the provider's word. */
  | "create"
  /** The account confirmed the address too: add the provider to it. */
  | "link"
  /** The provider does not vouch for the address (or shares none): refuse. */
  | "provider_email_unverified"
  /** An account claims the address without having confirmed it: refuse; its owner logs in with the password. */
  | "account_needs_password";

export function decideOAuthLink(providerEmailVerified: boolean, existing: { emailVerified: boolean } | null): LinkDecision {
  if (!providerEmailVerified) return "provider_email_unverified";
  if (!existing) return "create";
  return existing.emailVerified ? "link" : "account_needs_password";
}

export type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/** GitHub lists every address of an account with its state: the primary one when verified, else any verified one. */
export function verifiedGitHubEmail(emails: GitHubEmail[]): string | null {
  const verified = emails.filter((e) => e.verified === true && typeof e.email === "string");
  return (verified.find((e) => e.primary) ?? verified[0])?.email ?? null;
}

/** The address an OIDC/OAuth profile carries and whether the provider says it verified it (`email_verified`). */
export function providerEmail(profile: unknown): { email: string | null; verified: boolean } {
  const p = (profile ?? {}) as { email?: unknown; email_verified?: unknown };
  const email = typeof p.email === "string" && p.email ? p.email.toLowerCase() : null;
  return { email, verified: email !== null && p.email_verified === true };
}
