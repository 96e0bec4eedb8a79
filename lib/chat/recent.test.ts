import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { noteChatEvent, recentChat, RECENT_PER_STREAM, type LatestPage } from "@/lib/chat/recent";
import type { ChatMessageView } from "@/lib/chat/schemas";

/**
 * The join's page from memory against a model of the database: whatever sequence of sends, deletes, a user's
 * lines cleared, clears, reactions and read-throughs (some overtaken by a removal), a page the ring answers
 * equals the database's newest shown messages; when it cannot answer, a read-through (as lib/chat/history.ts
 * does it) fills it.
 */
type Row = { view: ChatMessageView; deleted: boolean };
let seq = 0;
const idOf = () => (++seq).toString(16).padStart(24, "0");
const USERS = ["u1", "u2", "u3"];

function message(streamId: string, user: string): ChatMessageView {
  return { id: idOf(), streamId, sender: { id: user, username: user, displayName: user }, role: null, message: "x", mentions: [], reactions: {}, createdAt: new Date(0).toISOString() };
}

/** The database's answer: `find({stream, deleted:false}).sort({_id:-1}).limit(limit+1)`. */
function dbRows(db: Row[], limit: number): ChatMessageView[] {
  return db.filter((r) => !r.deleted).map((r) => r.view).reverse().slice(0, limit + 1);
}
function dbPage(db: Row[], limit: number): LatestPage {
  const rows = dbRows(db, limit);
  const page = rows.slice(0, limit).reverse();
  return { messages: page, nextBefore: rows.length > limit ? (page[0]?.id ?? null) : null };
}
function join(streamId: string, db: Row[], limit: number): LatestPage {
  const hit = recentChat.latest(streamId, limit);
  if (hit) return hit;
  const mark = recentChat.mark(streamId);
  assert.ok(recentChat.seed(mark, dbRows(db, limit), limit));
  const filled = recentChat.latest(streamId, limit);
  assert.ok(filled, "a filled ring answers");
  return filled;
}

type Op =
  | { k: "send"; user: number; remote: boolean }
  | { k: "delete"; pick: number }
  | { k: "clearUser"; user: number }
  | { k: "clearAll" }
  | { k: "react"; pick: number; n: number }
  | { k: "join" }
  | { k: "overtaken"; user: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant("send" as const), user: fc.nat(2), remote: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("clearUser" as const), user: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("clearAll" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("react" as const), pick: fc.nat(), n: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant("join" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("overtaken" as const), user: fc.nat(2) }) },
);

test("a page from the ring always equals the database's", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 120 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), (ops, limit, history) => {
      const streamId = `s${idOf()}`;
      const db: Row[] = [];
      // Some streams had chat before this process saw them (a cold process).
      if (history) for (let i = 0; i < 12; i++) db.push({ view: message(streamId, USERS[i % 3]!), deleted: false });
      const shown = () => db.filter((r) => !r.deleted);
      for (const o of ops) {
        if (o.k === "send") {
          const view = message(streamId, USERS[o.user]!);
          db.push({ view, deleted: false });
          noteChatEvent("stream_chat_message", view, o.remote);
        } else if (o.k === "delete") {
          const s = shown();
          const r = s[o.pick % Math.max(1, s.length)];
          if (!r) continue;
          r.deleted = true;
          noteChatEvent("chat_message_deleted", { streamId, messageId: r.view.id, deletedBy: "m" }, false);
        } else if (o.k === "clearUser") {
          for (const r of db) if (r.view.sender.id === USERS[o.user]) r.deleted = true;
          noteChatEvent("chat_user_messages_cleared", { streamId, userId: USERS[o.user] }, false);
        } else if (o.k === "clearAll") {
          for (const r of db) r.deleted = true;
          noteChatEvent("chat_cleared", { streamId, by: "m" }, false);
        } else if (o.k === "react") {
          const s = shown();
          const r = s[o.pick % Math.max(1, s.length)];
          if (!r) continue;
          r.view = { ...r.view, reactions: { "🔥": o.n } };
          noteChatEvent("chat_message_reaction", { streamId, messageId: r.view.id, reactions: r.view.reactions }, false);
        } else if (o.k === "overtaken") {
          // A read-through whose rows were read before a user's lines were cleared: its fill must be refused.
          const mark = recentChat.mark(streamId);
          const stale = dbRows(db, limit);
          for (const r of db) if (r.view.sender.id === USERS[o.user]) r.deleted = true;
          noteChatEvent("chat_user_messages_cleared", { streamId, userId: USERS[o.user] }, false);
          assert.equal(recentChat.seed(mark, stale, limit), false);
        } else assert.deepEqual(join(streamId, db, limit), dbPage(db, limit));
      }
      assert.deepEqual(join(streamId, db, limit), dbPage(db, limit));
    }),
    { numRuns: 300 },
  );
});

test("a full ring lets go of its oldest messages and still answers only for what it holds", () => {
  const streamId = `s${idOf()}`;
  const db: Row[] = [];
  const add = (user: string) => {
    const view = message(streamId, user);
    db.push({ view, deleted: false });
    noteChatEvent("stream_chat_message", view, false);
  };
  assert.deepEqual(join(streamId, db, 50), dbPage(db, 50));
  for (let i = 0; i < RECENT_PER_STREAM + 100; i++) add(i < 40 || i % 50 === 0 ? "old" : "spam");
  assert.deepEqual(join(streamId, db, 50), dbPage(db, 50));
  // The spammer's lines go: what is left in memory is too little, and older lines (let go) must come from the database.
  for (const r of db) if (r.view.sender.id === "spam") r.deleted = true;
  noteChatEvent("chat_user_messages_cleared", { streamId, userId: "spam" }, false);
  assert.equal(recentChat.latest(streamId, 50), null, "the ring does not pretend to hold what it let go");
  assert.deepEqual(join(streamId, db, 50), dbPage(db, 50));
});

test("lines older than the read-through are not trusted: this process may have missed some (a Redis outage)", () => {
  const streamId = `s${idOf()}`;
  const db: Row[] = [];
  const send = (heard: boolean) => {
    const view = message(streamId, "u1");
    db.push({ view, deleted: false });
    if (heard) noteChatEvent("stream_chat_message", view, true);
    return view.id;
  };
  send(true);
  send(true);
  send(false); // written by another process, never delivered here
  const later = [send(true), send(true), send(true)];
  assert.deepEqual(join(streamId, db, 2), dbPage(db, 2));
  for (const id of later.slice(1)) {
    db.find((r) => r.view.id === id)!.deleted = true;
    noteChatEvent("chat_message_deleted", { streamId, messageId: id, deletedBy: "m" }, false);
  }
  assert.deepEqual(join(streamId, db, 2), dbPage(db, 2), "the missed line is on the page: the ring must read through");
});
