import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import mongoose from "mongoose";
import { newUser } from "./support/http";
import { verificationLink } from "./support/mail";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { getMe } from "@/lib/accounts/get-user";
import { connectDb, disconnectDb } from "@/lib/db/connection";

/**
 * Account rules no HTTP request can reach here: a link's expiry needs tomorrow. The use cases are called
 * directly, on the test database the app uses (MONGODB_URI).
 */
after(() => disconnectDb());

const meOf = (id: string) => getMe({ id, username: "", displayName: "", role: "user" });

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
