import { endpoints } from "@/lib/client/endpoints";

/** TanStack Query keys of a channel's moderation (any stream of the channel answers for it). */
export const moderationKeys = {
  all: (streamId: string) => ["moderation", streamId] as const,
  settings: (streamId: string) => ["moderation", streamId, "settings"] as const,
  moderators: (streamId: string) => ["moderation", streamId, "moderators"] as const,
  bans: (streamId: string) => ["moderation", streamId, "bans"] as const,
  timeouts: (streamId: string) => ["moderation", streamId, "timeouts"] as const,
  log: (streamId: string) => ["moderation", streamId, "log"] as const,
  user: (streamId: string, userId: string) => ["moderation", streamId, "user", userId] as const,
};

const m = endpoints.moderation;
export const fetchSettings = (streamId: string) => m.settings(streamId);
export const fetchModerators = (streamId: string) => m.moderators(streamId);
export const fetchBans = (streamId: string) => m.bans(streamId);
export const fetchTimeouts = (streamId: string) => m.timeouts(streamId);
export const fetchLogPage = (streamId: string, before?: string) => m.log(streamId, { before, limit: 25 });
