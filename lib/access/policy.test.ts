import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTIONS, decide, NO_FACTS, roleOf, type Action, type Facts, type Role } from "@/lib/access/policy";
import { STREAM_TYPES, type StreamType } from "@/lib/streams/status";

/** A signed-in account with a confirmed email address; the "unverified" rows below have none. */
const signedIn: Facts = { ...NO_FACTS, signedIn: true, verified: true };

/** Each role as the facts the access module would load for it. */
const PEOPLE: Record<string, { facts: Facts; role: Role }> = {
  owner: { facts: { ...signedIn, owner: true }, role: "owner" },
  "unverified owner": { facts: { ...signedIn, verified: false, owner: true }, role: "owner" },
  moderator: { facts: { ...signedIn, moderator: true }, role: "moderator" },
  guest: { facts: { ...signedIn, guest: true }, role: "guest" },
  banned: { facts: { ...signedIn, banned: true, follower: true, subscriber: true, ticket: true }, role: "banned" },
  "banned moderator": { facts: { ...signedIn, banned: true, moderator: true }, role: "banned" },
  subscriber: { facts: { ...signedIn, subscriber: true }, role: "subscriber" },
  "ticket holder": { facts: { ...signedIn, ticket: true }, role: "ticket_holder" },
  follower: { facts: { ...signedIn, follower: true }, role: "follower" },
  viewer: { facts: signedIn, role: "viewer" },
  "unverified viewer": { facts: { ...signedIn, verified: false }, role: "viewer" },
  admin: { facts: { ...signedIn, admin: true }, role: "viewer" },
  anonymous: { facts: NO_FACTS, role: "anonymous" },
};

const ok = "ok";
const F = "FORBIDDEN";
const U = "UNAUTHENTICATED";
const B = "BANNED";
const FO = "FOLLOWERS_ONLY";
const SO = "SUBSCRIBERS_ONLY";
const TR = "TICKET_REQUIRED";
const EV = "EMAIL_NOT_VERIFIED";

/** stream.watch per stream type: public, unlisted, followers_only, subscribers_only, paid. */
const WATCH: Record<string, string[]> = {
  owner: [ok, ok, ok, ok, ok],
  "unverified owner": [ok, ok, ok, ok, ok],
  moderator: [ok, ok, ok, ok, ok],
  guest: [ok, ok, ok, ok, ok],
  banned: [B, B, B, B, B],
  "banned moderator": [B, B, B, B, B],
  subscriber: [ok, ok, FO, ok, TR],
  "ticket holder": [ok, ok, FO, SO, ok],
  follower: [ok, ok, ok, SO, TR],
  viewer: [ok, ok, FO, SO, TR],
  "unverified viewer": [ok, ok, FO, SO, TR],
  admin: [ok, ok, FO, SO, TR],
  anonymous: [ok, ok, U, U, U],
};

/** Actions that do not depend on the stream type: manage, go live, publish, chat.moderate, channel.ban. */
const STAFF: Record<string, [string, string, string, string, string]> = {
  owner: [ok, ok, ok, ok, ok],
  "unverified owner": [ok, EV, ok, ok, ok],
  moderator: [F, F, F, ok, ok],
  guest: [F, F, F, F, F],
  banned: [F, F, F, F, F],
  "banned moderator": [F, F, F, F, F],
  subscriber: [F, F, F, F, F],
  "ticket holder": [F, F, F, F, F],
  follower: [F, F, F, F, F],
  viewer: [F, F, F, F, F],
  "unverified viewer": [F, F, F, F, F],
  admin: [F, F, F, ok, F],
  anonymous: [U, U, U, U, U],
};

function expected(person: string, action: Action, typeIndex: number): string {
  const watch = WATCH[person]?.[typeIndex] ?? "?";
  switch (action) {
    case "stream.watch":
      return watch;
    case "chat.send":
    case "chat.react":
      // Speaking needs an account even where anyone may watch.
      return person === "anonymous" ? U : watch;
    case "stream.manage":
      return STAFF[person]?.[0] ?? "?";
    case "stream.golive":
      return STAFF[person]?.[1] ?? "?";
    case "media.publish":
      return STAFF[person]?.[2] ?? "?";
    case "chat.moderate":
      return STAFF[person]?.[3] ?? "?";
    case "channel.ban":
      return STAFF[person]?.[4] ?? "?";
  }
}

test("every role × action × stream type has the expected answer", () => {
  const wrong: string[] = [];
  for (const [person, { facts }] of Object.entries(PEOPLE)) {
    STREAM_TYPES.forEach((streamType: StreamType, i) => {
      for (const action of ACTIONS) {
        const got = decide(action, facts, { streamType, ticketPrice: 5, currency: "EUR" })?.code ?? ok;
        const want = expected(person, action, i);
        if (got !== want) wrong.push(`${person} ${action} on ${streamType}: got ${got}, want ${want}`);
      }
    });
  }
  assert.deepEqual(wrong, []);
});

test("the table covers every action and every role", () => {
  assert.deepEqual(new Set(Object.values(PEOPLE).map((p) => p.role)), new Set(["owner", "moderator", "guest", "banned", "subscriber", "ticket_holder", "follower", "viewer", "anonymous"]));
  assert.equal(ACTIONS.length, 8, "a new action needs its column in this table");
});

test("each person's role label", () => {
  for (const [person, { facts, role }] of Object.entries(PEOPLE)) assert.equal(roleOf(facts), role, person);
});

test("a paid stream's denial tells the price", () => {
  assert.deepEqual(decide("stream.watch", signedIn, { streamType: "paid", ticketPrice: 4.99, currency: "GBP" })?.details, { ticketPrice: 4.99, currency: "GBP" });
});
