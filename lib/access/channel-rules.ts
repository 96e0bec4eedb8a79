import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { ChannelSettingsModel, type ChannelSettingsDoc } from "@/lib/db/models/moderation.model";
import { changes } from "@/lib/events";
import { processSingleton } from "@/lib/singleton";
import type { ModerationSettings } from "@/lib/moderation/schemas";

/**
 * A channel's chat rules, kept ten seconds per channel in this process: every chat message reads them (chat
 * modes here, slow mode and the word filter in lib/moderation). A change evicts the channel's entry at once.
 * The object is frozen and replaced on change, so callers may key derived state (a compiled word filter) on it.
 */
const inflight = processSingleton("access.channel-rules.inflight", () => new Map<string, Promise<Readonly<ModerationSettings>>>());

const rules = processSingleton("access.channel-rules", () => {
  const cache = new LRUCache<string, Readonly<ModerationSettings>>({ max: 10_000, ttl: 10_000 });
  changes.on("channel.changed", ({ channelId }) => {
    cache.delete(channelId);
    inflight.delete(channelId);
  });
  return cache;
});

async function load(channelId: string): Promise<Readonly<ModerationSettings>> {
  await connectDb();
  const doc = await ChannelSettingsModel.findOne({ channel: channelId }, { moderation: 1 }).lean<Pick<ChannelSettingsDoc, "moderation">>();
  // A channel that never changed its rules has the model's defaults.
  const m = doc?.moderation ?? (new ChannelSettingsModel({ channel: channelId }).toObject().moderation as ModerationSettings);
  const { slowMode, followersOnly, followersMinAgeMinutes, subscribersOnly, emoteOnly, autoModeration, blockLinks } = m;
  return Object.freeze({ slowMode, followersOnly, followersMinAgeMinutes, subscribersOnly, emoteOnly, autoModeration, blockLinks, bannedWords: Object.freeze([...(m.bannedWords ?? [])]) as string[] });
}

/** The channel's moderation settings (defaults when never set), from the cache when fresh; one read per miss however many ask. */
export async function channelRules(channelId: string): Promise<Readonly<ModerationSettings>> {
  const hit = rules.get(channelId);
  if (hit) return hit;
  let p = inflight.get(channelId);
  if (!p) {
    const mine = load(channelId);
    p = mine;
    inflight.set(channelId, mine);
    // A change while it loads drops it from `inflight` (above): only a read that outlived no change is kept.
    void mine.then((value) => {
      if (inflight.get(channelId) === mine) {
        rules.set(channelId, value);
        inflight.delete(channelId);
      }
    }, () => inflight.get(channelId) === mine && inflight.delete(channelId));
  }
  return p;
}
