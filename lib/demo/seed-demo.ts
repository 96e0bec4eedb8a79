import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { ON_AIR_STATUSES } from "@/lib/streams/status";
import { UserModel } from "@/lib/db/models/user.model";
import { registerUser } from "@/lib/accounts/register-user";
import type { Actor } from "@/lib/accounts/authenticate";
import { createStream } from "@/lib/streams/create-stream";
import { endStreamBySystem, startStream } from "@/lib/streams/change-status";
import type { CategoryId } from "@/lib/streams/categories";

export const DEMO_PASSWORD = "demo-password";

/**
 * `live`: on air whenever `npm run dev` runs, fed by a test-pattern encoder over RTMP (scripts/services/demo-encoders.ts).
 * Two of them: each live stream costs the media worker an ingest and a recording/HLS encode (about 0.5 core together).
 */
type DemoStream = { title: string; category: CategoryId; tags: string[]; description: string; live?: true; inHours?: number };
type DemoUser = { username: string; displayName: string; streams: DemoStream[] };

const DEMO: DemoUser[] = [
  { username: "demo_ava", displayName: "Ava Codes", streams: [
    { title: "Building a WebRTC app from scratch", category: "technology", tags: ["webrtc", "typescript"], description: "Live coding with chat Q&A.", live: true },
    { title: "Rust for TypeScript developers", category: "education", tags: ["rust"], description: "Part 3 of the series.", inHours: 20 },
  ] },
  { username: "demo_kai", displayName: "Kai Plays", streams: [
    { title: "Celeste any% speedrun practice", category: "gaming", tags: ["speedrun", "celeste"], description: "Chasing a new personal best.", live: true },
    { title: "Community game night", category: "gaming", tags: ["community"], description: "Bring your friends.", inHours: 30 },
  ] },
  { username: "demo_mina", displayName: "Mina Draws", streams: [
    { title: "Watercolour landscapes, slow and cosy", category: "art", tags: ["watercolour", "chill"], description: "Lo-fi and brushes.", inHours: 3 },
    { title: "Character design workshop", category: "art", tags: ["workshop"], description: "Learn shape language.", inHours: 48 },
  ] },
  { username: "demo_leo", displayName: "Leo Live", streams: [
    { title: "Acoustic Friday requests", category: "music", tags: ["acoustic", "requests"], description: "Drop your requests in chat.", inHours: 4 },
    { title: "Morning stretch and mobility", category: "fitness", tags: ["yoga"], description: "20 minutes, all levels.", inHours: 14 },
  ] },
];

/**
 * Demo users and streams for local use, created through the same use cases as real ones and marked
 * `isDemo` (shown with a badge). Runs only on an empty database; returns what it did.
 */
export async function seedDemo(): Promise<{ seeded: boolean; users: string[] }> {
  await connectDb();
  if (await StreamModel.exists({})) return { seeded: false, users: [] };
  const users: string[] = [];
  for (const u of DEMO) {
    const existing = await UserModel.findOne({ usernameLower: u.username }).lean();
    // Demo accounts go live, so their (undeliverable) addresses count as verified: no mail is sent.
    const self = existing ? null : (await registerUser({ username: u.username, email: `${u.username}@demo.invalid`, password: DEMO_PASSWORD, displayName: u.displayName }, "seed", { emailVerified: true })).user;
    const id = self?.id ?? existing?._id.toString();
    if (!id) continue;
    if (existing) await UserModel.updateOne({ _id: id }, { $set: { emailVerified: true } });
    const actor: Actor = { id, username: u.username, displayName: u.displayName, role: "user", verified: true };
    users.push(u.username);
    for (const s of u.streams) {
      const created = await createStream(actor, { title: s.title, category: s.category, tags: s.tags, description: s.description, streamType: "public", currency: "USD", scheduledFor: s.inHours ? new Date(Date.now() + s.inHours * 3_600_000) : undefined }, { isDemo: true });
      // Viewer counts are real: presence counts whoever watches the demo encoder's media.
      if (s.live) await startStream(actor, created.streamId);
    }
  }
  return { seeded: true, users };
}

export type DemoEncoderTarget = { streamId: string; title: string; streamKey: string };

/**
 * The demo streams that get a real source when `npm run dev` runs, one per demo creator with a live stream:
 * the on-air one, or, when the last run's ended (its encoder went with the dev command), a fresh one
 * started again. Empty when there is no demo content.
 */
export async function demoEncoderTargets(): Promise<DemoEncoderTarget[]> {
  await connectDb();
  const out: DemoEncoderTarget[] = [];
  for (const u of DEMO) {
    const spec = u.streams.find((s) => s.live);
    const user = spec ? await UserModel.findOne({ usernameLower: u.username }).lean() : null;
    if (!spec || !user) continue;
    const id = user._id.toString();
    let s = await StreamModel.findOne({ host: id, isDemo: true, title: spec.title, status: { $in: ON_AIR_STATUSES } }).select("+streamKey").lean<StreamDoc & { streamKey: string }>();
    if (!s) {
      const actor: Actor = { id, username: u.username, displayName: u.displayName, role: "user", verified: true };
      const created = await createStream(actor, { title: spec.title, category: spec.category, tags: spec.tags, description: spec.description, streamType: "public", currency: "USD" }, { isDemo: true });
      await startStream(actor, created.streamId);
      s = await StreamModel.findById(created.streamId).select("+streamKey").lean<StreamDoc & { streamKey: string }>();
    } else {
      // Its encoder reconnects in a moment: not an abandoned stream for the grace sweeper to end meanwhile.
      await StreamModel.updateOne({ _id: s._id }, { $unset: { "media.hostDisconnectedAt": 1 } });
    }
    if (s) out.push({ streamId: s._id.toString(), title: s.title, streamKey: s.streamKey });
  }
  // A demo stream on air without a source (seeded live by an older version) would wait for video forever.
  const fed = out.map((t) => t.streamId);
  const stale = await StreamModel.find({ isDemo: true, status: { $in: ON_AIR_STATUSES }, _id: { $nin: fed } }, { _id: 1 }).lean<StreamDoc[]>();
  for (const st of stale) await endStreamBySystem(st._id.toString(), "demo_without_source");
  return out;
}

/** Removes every demo stream and demo account. */
export async function removeDemo(): Promise<{ streams: number; users: number }> {
  await connectDb();
  const streams = await StreamModel.deleteMany({ isDemo: true });
  const users = await UserModel.deleteMany({ usernameLower: { $in: DEMO.map((u) => u.username) } });
  return { streams: streams.deletedCount, users: users.deletedCount };
}
