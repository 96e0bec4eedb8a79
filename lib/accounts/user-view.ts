import type { UserDoc } from "@/lib/db/models/user.model";
import type { PublicUser, SelfUser } from "@/lib/accounts/schemas";

/** What anyone may see of a user. */
export function toPublicUser(u: UserDoc): PublicUser {
  return {
    id: u._id.toString(),
    username: u.username,
    displayName: u.displayName,
    avatarUrl: u.avatarUrl ?? null,
    bio: u.bio ?? "",
    followerCount: u.followerCount ?? 0,
    createdAt: new Date(u.createdAt as unknown as string | Date).toISOString(),
  };
}

/** What the user sees of themself. */
export function toSelfUser(u: UserDoc): SelfUser {
  return { ...toPublicUser(u), email: u.email, role: (u.role ?? "user") as SelfUser["role"], emailVerified: u.emailVerified === true };
}
