import { connectDb } from "@/lib/db/connection";
import { BanModel, type BanDoc } from "@/lib/db/models/access.model";
import { ChatTimeoutModel, type ChatTimeoutDoc } from "@/lib/db/models/moderation.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { clock } from "@/lib/clock";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, standingOf, streamSnapshot } from "@/lib/access";
import type { UserCard } from "@/lib/moderation/schemas";

/** A user as moderators see them from a chat line: their role and standing in the channel. */
export async function userCard(actor: Actor, streamId: string, userId: string): Promise<UserCard> {
  const s = await streamSnapshot(streamId);
  await assertCan(actor, "moderation.view", s);
  await connectDb();
  const now = clock.now();
  const [u, ban, timeout, standing] = await Promise.all([
    UserModel.findById(userId, { username: 1, displayName: 1, avatarUrl: 1, createdAt: 1 }).lean<UserDoc & { createdAt: Date }>(),
    BanModel.findOne({ host: s.hostId, user: userId }).lean<BanDoc>(),
    ChatTimeoutModel.findOne({ channel: s.hostId, user: userId, until: { $gt: new Date(now) } }).lean<ChatTimeoutDoc>(),
    standingOf(userId, s),
  ]);
  if (!u) throw new AppError("NOT_FOUND", "User not found");
  const banHolds = ban && (!ban.expiresAt || ban.expiresAt.getTime() > now);
  return {
    user: { id: u._id.toString(), username: u.username, displayName: u.displayName, avatarUrl: u.avatarUrl ?? null, createdAt: u.createdAt.toISOString() },
    role: standing.role,
    moderatorLevel: standing.moderator ? (standing.lead ? "lead" : "moderator") : null,
    followedAt: standing.followedAt !== null ? new Date(standing.followedAt).toISOString() : null,
    ban: banHolds ? { reason: ban.reason ?? "", expiresAt: ban.expiresAt?.toISOString() ?? null } : null,
    timeout: timeout ? { reason: timeout.reason ?? "", until: timeout.until.toISOString() } : null,
  };
}
