import { test } from "node:test";
import assert from "node:assert/strict";
import { decideOAuthLink, providerEmail, verifiedGitHubEmail } from "@/lib/accounts/oauth-link";

test("an OAuth identity joins an account only when both sides verified the address", () => {
  const table: [boolean, { emailVerified: boolean } | null, string][] = [
    [true, null, "create"],
    [true, { emailVerified: true }, "link"],
    [true, { emailVerified: false }, "account_needs_password"],
    [false, null, "provider_email_unverified"],
    [false, { emailVerified: true }, "provider_email_unverified"],
    [false, { emailVerified: false }, "provider_email_unverified"],
  ];
  for (const [provider, existing, want] of table) assert.equal(decideOAuthLink(provider, existing), want, JSON.stringify({ provider, existing }));
});

test("GitHub: the primary address when verified, else another verified one, never an unverified one", () => {
  assert.equal(verifiedGitHubEmail([{ email: "a@x.io", primary: true, verified: true }, { email: "b@x.io", primary: false, verified: true }]), "a@x.io");
  assert.equal(verifiedGitHubEmail([{ email: "victim@corp.io", primary: true, verified: false }, { email: "b@x.io", primary: false, verified: true }]), "b@x.io");
  assert.equal(verifiedGitHubEmail([{ email: "victim@corp.io", primary: true, verified: false }]), null);
  assert.equal(verifiedGitHubEmail([]), null);
});

test("a profile's address counts as verified only when the provider says so", () => {
  assert.deepEqual(providerEmail({ email: "Ann@X.io", email_verified: true }), { email: "ann@x.io", verified: true });
  assert.deepEqual(providerEmail({ email: "ann@x.io", email_verified: false }), { email: "ann@x.io", verified: false });
  assert.deepEqual(providerEmail({ email: "ann@x.io", email_verified: "true" }), { email: "ann@x.io", verified: false });
  assert.deepEqual(providerEmail({ email: "ann@x.io" }), { email: "ann@x.io", verified: false });
  assert.deepEqual(providerEmail({ email_verified: true }), { email: null, verified: false });
  assert.deepEqual(providerEmail(undefined), { email: null, verified: false });
});
