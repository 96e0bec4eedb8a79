import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { call, newUser, uniqueName } from "./support/http";
import { verificationLink } from "./support/mail";
import { upsertOAuthUser, type OAuthProfile } from "@/lib/accounts/oauth-user";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { getMe } from "@/lib/accounts/get-user";
import { connectDb, disconnectDb } from "@/lib/db/connection";

/**
 * Account rules no HTTP request can reach here: the OAuth callback needs the provider itself, and a link's
 * expiry needs tomorrow. The use cases are called directly, on the test database the app uses (MONGODB_URI).
 */
after(() => disconnectDb());

const google = (email: string, emailVerified: boolean, name = "Vic Tim"): OAuthProfile => ({ provider: "google", providerAccountId: randomBytes(8).toString("hex"), email, emailVerified, name });
const meOf = (id: string) => getMe({ id, username: "", displayName: "", role: "user" });

describe("OAuth sign-in and existing accounts", () => {
  test("an address someone signed up with but never confirmed is not joined to a provider identity", async () => {
    // The squatter registers the victim's address with a password and never confirms it.
    const squatter = await newUser("squat", { verified: false });
    const victim = google(squatter.email, true);
    assert.deepEqual(await upsertOAuthUser(victim), { ok: false, reason: "account_needs_password" });
    assert.deepEqual(await upsertOAuthUser(victim), { ok: false, reason: "account_needs_password" }, "nothing was linked by the first try");
    assert.deepEqual(await upsertOAuthUser({ ...victim, email: squatter.email.toUpperCase() }), { ok: false, reason: "account_needs_password" });
  });

  test("a confirmed account is joined by a provider that verified the same address, and signed into afterwards", async () => {
    const u = await newUser("linked");
    const identity = google(u.email, true);
    assert.deepEqual(await upsertOAuthUser(identity), { ok: true, userId: u.id });
    assert.deepEqual(await upsertOAuthUser({ ...identity, email: "changed@example.test", emailVerified: false }), { ok: true, userId: u.id }, "the linked identity signs in");
  });

  test("an address the provider did not verify joins nothing and creates nothing", async () => {
    const u = await newUser("unver");
    assert.deepEqual(await upsertOAuthUser(google(u.email, false)), { ok: false, reason: "provider_email_unverified" });
    assert.deepEqual(await upsertOAuthUser(google(`${uniqueName("fresh")}@example.test`, false)), { ok: false, reason: "provider_email_unverified" });
    assert.deepEqual(await upsertOAuthUser({ ...google("", true), email: null }), { ok: false, reason: "provider_email_unverified" });
  });

  test("a new identity creates an account whose address counts as verified, with a clean display name", async () => {
    const email = `${uniqueName("new")}@example.test`;
    const outcome = await upsertOAuthUser(google(email, true, "Ma\u202Elory\u200B"));
    assert.equal(outcome.ok, true);
    const me = await meOf(outcome.ok ? outcome.userId : "");
    assert.equal(me.email, email);
    assert.equal(me.emailVerified, true);
    assert.equal(me.displayName, "Malory");
    // Its address is taken: a password sign-up with it is refused as before.
    assert.equal((await call("POST", "/api/auth/register", { json: { username: uniqueName(), email, password: "password123" } })).status, 409);
  });
});

describe("verification links", () => {
  test("a link is stored only as its hash and stops working after 24 hours", async () => {
    const u = await newUser("expiry", { verified: false });
    const token = new URL(await verificationLink(u.email)).searchParams.get("token") ?? "";
    await connectDb();
    const stored = await mongoose.connection.db?.collection("users").findOne({ email: u.email });
    assert.ok(stored?.emailVerification?.tokenHash, "a hash is stored");
    assert.ok(!JSON.stringify(stored).includes(token), "the token itself is not");

    assert.equal(await verifyEmail(token, new Date(Date.now() + 24 * 3_600_000 + 1000)), "invalid", "expired a day later");
    assert.equal(await verifyEmail(token), "verified");
    assert.equal(await verifyEmail(token), "invalid", "used once");
    assert.equal((await meOf(u.id)).emailVerified, true);
  });
});
