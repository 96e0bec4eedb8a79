import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTIONS, decide, NO_FACTS, outranks, rankOf, roleOf, type Action, type ChatGate, type Facts, type Role } from "@/lib/access/policy";
import { STREAM_TYPES, type StreamType } from "@/lib/streams/status";

/** A signed-in account with a confirmed email address; the "unverified" rows below have none. */
const signedIn: Facts = { ...NO_FACTS, signedIn: true, verified: true };

/** Each role as the facts the access module would load for it. */
const PEOPLE: Record<string, { facts: Facts; role: Role }> = {
  owner: { facts: { ...signedIn, owner: true }, role: "owner" },
  "unverified owner": { facts: { ...signedIn, verified: false, owner: true }, role: "owner" },
  "lead moderator": { facts: { ...signedIn, moderator: true, lead: true }, role: "lead_moderator" },
  moderator: { facts: { ...signedIn, moderator: true }, role: "moderator" },
  "timed-out viewer": { facts: { ...signedIn, follower: true, subscriber: true, timeoutUntil: Date.UTC(2030, 0, 1) }, role: "subscriber" },
  guest: { facts: { ...signedIn, guest: true }, role: "guest" },
  cohost: { facts: { ...signedIn, guest: true, cohost: true }, role: "cohost" },
  "chat co-host": { facts: { ...signedIn, guest: true, cohost: true, moderatesChat: true }, role: "cohost" },
  "banned co-host": { facts: { ...signedIn, banned: true, guest: true, cohost: true, moderatesChat: true }, role: "banned" },
  banned: { facts: { ...signedIn, banned: true, follower: true, subscriber: true, ticket: true }, role: "banned" },
  "banned moderator": { facts: { ...signedIn, banned: true, moderator: true }, role: "banned" },
  "banned lead": { facts: { ...signedIn, banned: true, moderator: true, lead: true }, role: "banned" },
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
  "lead moderator": [ok, ok, ok, ok, ok],
  moderator: [ok, ok, ok, ok, ok],
  "timed-out viewer": [ok, ok, ok, ok, TR],
  guest: [ok, ok, ok, ok, ok],
  cohost: [ok, ok, ok, ok, ok],
  "chat co-host": [ok, ok, ok, ok, ok],
  "banned co-host": [B, B, B, B, B],
  banned: [B, B, B, B, B],
  "banned moderator": [B, B, B, B, B],
  "banned lead": [B, B, B, B, B],
  subscriber: [ok, ok, FO, ok, TR],
  "ticket holder": [ok, ok, FO, SO, ok],
  follower: [ok, ok, ok, SO, TR],
  viewer: [ok, ok, FO, SO, TR],
  "unverified viewer": [ok, ok, FO, SO, TR],
  admin: [ok, ok, FO, SO, TR],
  anonymous: [ok, ok, U, U, U],
};

/**
 * Actions that do not depend on the stream type: manage, go live, publish, chat.moderate, channel.ban,
 * moderation.view, channel.moderators, channel.leads, channel.settings, analytics.view.
 */
type Row = [string, string, string, string, string, string, string, string, string, string, string, string];
const none = (c: string): Row => [c, c, c, c, c, c, c, c, c, c, c, c];
const STAFF: Record<string, Row> = {
  owner: [ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok],
  "unverified owner": [ok, EV, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok],
  "lead moderator": [F, F, F, ok, ok, ok, ok, F, ok, ok, F, F],
  moderator: [F, F, F, ok, ok, ok, F, F, F, F, F, F],
  "timed-out viewer": none(F),
  // On stage: publishes (what exactly comes from the guest row's permissions), runs nothing.
  guest: [F, F, ok, F, F, F, F, F, F, F, F, F],
  // A co-host runs the stage (guests, hands, layout) but not co-hosts; the chat only when the host allows it.
  cohost: [F, F, ok, F, F, F, F, F, F, F, ok, F],
  "chat co-host": [F, F, ok, ok, ok, ok, F, F, F, F, ok, F],
  "banned co-host": none(F),
  banned: none(F),
  "banned moderator": none(F),
  "banned lead": none(F),
  subscriber: none(F),
  "ticket holder": none(F),
  follower: none(F),
  viewer: none(F),
  "unverified viewer": none(F),
  admin: [F, F, F, ok, F, F, F, F, F, F, F, F],
  anonymous: none(U),
};
const STAFF_COLUMNS: Action[] = [
  "stream.manage",
  "stream.golive",
  "media.publish",
  "chat.moderate",
  "channel.ban",
  "moderation.view",
  "channel.moderators",
  "channel.leads",
  "channel.settings",
  "analytics.view",
  "guests.manage",
  "cohosts.manage",
];

function expected(person: string, action: Action, typeIndex: number): string {
  const watch = WATCH[person]?.[typeIndex] ?? "?";
  switch (action) {
    case "stream.watch":
      return watch;
    case "chat.send":
      // A timeout keeps the user out of the chat, not out of the stream.
      if (person === "timed-out viewer" && watch === ok) return "TIMED_OUT";
      return person === "anonymous" ? U : watch;
    case "chat.react":
      // Speaking needs an account even where anyone may watch.
      return person === "anonymous" ? U : watch;
    default:
      return STAFF[person]?.[STAFF_COLUMNS.indexOf(action)] ?? "?";
  }
}

const NOW = Date.UTC(2026, 10, 25, 12);

test("every role × action × stream type has the expected answer", () => {
  const wrong: string[] = [];
  for (const [person, { facts }] of Object.entries(PEOPLE)) {
    STREAM_TYPES.forEach((streamType: StreamType, i) => {
      for (const action of ACTIONS) {
        const got = decide(action, facts, { streamType, ticketPrice: 5, currency: "EUR" }, NOW)?.code ?? ok;
        const want = expected(person, action, i);
        if (got !== want) wrong.push(`${person} ${action} on ${streamType}: got ${got}, want ${want}`);
      }
    });
  }
  assert.deepEqual(wrong, []);
});

test("the table covers every action and every role", () => {
  assert.deepEqual(new Set(Object.values(PEOPLE).map((p) => p.role)), new Set(["owner", "cohost", "lead_moderator", "moderator", "guest", "banned", "subscriber", "ticket_holder", "follower", "viewer", "anonymous"]));
  assert.deepEqual([...ACTIONS].sort(), ["chat.send", "chat.react", "stream.watch", ...STAFF_COLUMNS].sort(), "a new action needs its column in this table");
});

test("each person's role label", () => {
  for (const [person, { facts, role }] of Object.entries(PEOPLE)) assert.equal(roleOf(facts), role, person);
});

test("a paid stream's denial tells the price", () => {
  assert.deepEqual(decide("stream.watch", signedIn, { streamType: "paid", ticketPrice: 4.99, currency: "GBP" })?.details, { ticketPrice: 4.99, currency: "GBP" });
});

const modes = (m: Partial<ChatGate>): ChatGate => ({ followersOnly: false, followersMinAgeMinutes: 0, subscribersOnly: false, ...m });
const chat = (facts: Facts, m: Partial<ChatGate>, now = NOW) => decide("chat.send", facts, { streamType: "public", chat: modes(m) }, now)?.code ?? ok;

test("chat modes: followers-only with a minimum follow age, subscribers-only; staff exempt", () => {
  const fresh = { ...signedIn, follower: true, followedAt: NOW - 5 * 60_000 };
  const old = { ...signedIn, follower: true, followedAt: NOW - 60 * 60_000 };
  assert.equal(chat(signedIn, { followersOnly: true }), FO);
  assert.equal(chat(fresh, { followersOnly: true }), ok);
  assert.equal(chat(fresh, { followersOnly: true, followersMinAgeMinutes: 10 }), FO);
  assert.deepEqual(decide("chat.send", fresh, { streamType: "public", chat: modes({ followersOnly: true, followersMinAgeMinutes: 10 }) }, NOW)?.details, { minAgeMinutes: 10, retryAfterSeconds: 300 });
  // The same follow is old enough five minutes later: the clock decides, nobody waits.
  assert.equal(chat(fresh, { followersOnly: true, followersMinAgeMinutes: 10 }, NOW + 5 * 60_000), ok);
  assert.equal(chat(old, { followersOnly: true, followersMinAgeMinutes: 10 }), ok);
  assert.equal(chat(old, { subscribersOnly: true }), SO);
  assert.equal(chat({ ...signedIn, subscriber: true }, { subscribersOnly: true, followersOnly: true }), ok);
  for (const staff of [PEOPLE.owner, PEOPLE.moderator, PEOPLE["lead moderator"]]) assert.equal(chat(staff!.facts, { subscribersOnly: true, followersOnly: true }), ok);
  // A banned moderator is no staff.
  assert.equal(chat(PEOPLE["banned moderator"]!.facts, {}), B);
});

test("a timeout lapses by itself at its end (injected clock)", () => {
  const until = NOW + 10 * 60_000;
  const f = { ...signedIn, timeoutUntil: until };
  assert.equal(chat(f, {}), "TIMED_OUT");
  assert.deepEqual(decide("chat.send", f, { streamType: "public" }, NOW)?.details, { until: new Date(until).toISOString() });
  assert.equal(chat(f, {}, until - 1), "TIMED_OUT");
  assert.equal(chat(f, {}, until), ok);
  // Reacting and watching are untouched by a timeout.
  assert.equal(decide("chat.react", f, { streamType: "public" }, NOW), null);
  assert.equal(decide("stream.watch", f, { streamType: "public" }, NOW), null);
  // A moderator timed out by someone who outranks them (a lead, the owner) is silenced too; the chat modes
  // still do not apply to them.
  assert.equal(chat({ ...PEOPLE.moderator!.facts, timeoutUntil: until }, {}), "TIMED_OUT");
  assert.equal(chat({ ...PEOPLE.moderator!.facts, timeoutUntil: until }, {}, until), ok);
  assert.equal(chat({ ...PEOPLE.moderator!.facts }, { subscribersOnly: true }), ok);
});

test("ranks: a lower role never acts on a higher or equal one", () => {
  const order = ["owner", "lead moderator", "moderator", "viewer"];
  for (const [i, a] of order.entries())
    for (const [j, b] of order.entries()) assert.equal(outranks(PEOPLE[a]!.facts, PEOPLE[b]!.facts), i < j && i < 3, `${a} on ${b}`);
  assert.equal(rankOf(PEOPLE["banned lead"]!.facts), rankOf(PEOPLE.viewer!.facts), "banned staff rank as viewers");
  assert.equal(outranks(PEOPLE.moderator!.facts, PEOPLE["banned moderator"]!.facts), true);
  assert.equal(outranks(PEOPLE.admin!.facts, PEOPLE.viewer!.facts), false, "site admins have no rank in a channel");
});

test("a chat co-host ranks as a moderator; a plain co-host or guest as a viewer", () => {
  assert.equal(rankOf(PEOPLE["chat co-host"]!.facts), rankOf(PEOPLE.moderator!.facts));
  assert.equal(rankOf(PEOPLE.cohost!.facts), rankOf(PEOPLE.viewer!.facts));
  assert.equal(rankOf(PEOPLE.guest!.facts), rankOf(PEOPLE.viewer!.facts));
  assert.equal(outranks(PEOPLE["chat co-host"]!.facts, PEOPLE.moderator!.facts), false, "no co-host acts on a moderator");
  assert.equal(outranks(PEOPLE["lead moderator"]!.facts, PEOPLE["chat co-host"]!.facts), true);
  assert.equal(rankOf(PEOPLE["banned co-host"]!.facts), rankOf(PEOPLE.viewer!.facts));
  // Chat modes do not hold a chat co-host back, as they do not hold moderators.
  assert.equal(chat(PEOPLE["chat co-host"]!.facts, { subscribersOnly: true }), ok);
  assert.equal(chat(PEOPLE.cohost!.facts, { subscribersOnly: true }), SO);
});
