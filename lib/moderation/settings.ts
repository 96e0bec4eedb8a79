import { connectDb } from "@/lib/db/connection";
import { ChannelSettingsModel } from "@/lib/db/models/moderation.model";
import { changes } from "@/lib/events";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, channelRules, streamSnapshot } from "@/lib/access";
import { logAction } from "@/lib/moderation/log";
import type { ChatSettingsEvent, ModerationSettings, ModerationSettingsInput, PublicChatSettings } from "@/lib/moderation/schemas";

/** Switched by every moderator; the rest (word list, links, auto-moderation) by the owner and lead moderators. */
const CHAT_MODE_KEYS = new Set(["slowMode", "followersOnly", "followersMinAgeMinutes", "subscribersOnly", "emoteOnly"]);

/** What every viewer may know of the channel's rules (the word list stays with the moderators). */
export function publicChatSettings(m: Readonly<ModerationSettings>): PublicChatSettings {
  const { slowMode, followersOnly, followersMinAgeMinutes, subscribersOnly, emoteOnly, blockLinks } = m;
  return { slowMode, followersOnly, followersMinAgeMinutes, subscribersOnly, emoteOnly, blockLinks };
}

/** The chat rules of the stream's channel as viewers see them (the join_stream answer). */
export async function chatSettingsOf(hostId: string): Promise<PublicChatSettings> {
  return publicChatSettings(await channelRules(hostId));
}

/** The whole settings, word list included: the host and moderators. */
export async function getModerationSettings(actor: Actor, streamId: string): Promise<ModerationSettings> {
  const s = await streamSnapshot(streamId);
  await assertCan(actor, "moderation.view", s);
  return { ...(await channelRules(s.hostId)) };
}

/** The same word once, whatever its case or spacing. */
function uniqueWords(words: string[]): string[] {
  const seen = new Set<string>();
  return words.filter((w) => {
    const k = w.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Changes the channel's chat rules (any subset): `PATCH /api/livestream/{id}/moderation`, the stream
 * PATCH's `moderation`, and the `slow_mode` / `chat_mode` events. Applies to the next message: the rules'
 * cache is evicted and every viewer hears the new modes.
 */
export async function updateModerationSettings(actor: Actor, streamId: string, input: ModerationSettingsInput): Promise<ModerationSettings> {
  const s = await streamSnapshot(streamId);
  const keys = Object.keys(input);
  await assertCan(actor, keys.every((k) => CHAT_MODE_KEYS.has(k)) ? "chat.moderate" : "channel.settings", s);
  const $set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) $set[`moderation.${k}`] = k === "bannedWords" ? uniqueWords(v as string[]) : v;
  await connectDb();
  await ChannelSettingsModel.updateOne({ channel: s.hostId }, { $set }, { upsert: true });
  changes.emit("channel.changed", { channelId: s.hostId });
  const settings = await channelRules(s.hostId);
  publish(`stream:${streamId}`, "chat_settings_updated", { streamId, settings: publicChatSettings(settings) } satisfies ChatSettingsEvent);
  const details: Record<string, unknown> = { ...input };
  if (input.bannedWords) details.bannedWords = input.bannedWords.length; // the log says how many, not which
  await logAction({ channelId: s.hostId, streamId, action: "update_settings", actor, details });
  return { ...settings };
}
