/** Reactions allowed on streams and on messages: a fixed set keeps payloads tiny and aggregates simple. */
export const REACTION_EMOJIS = ["❤️", "😂", "🔥", "👏", "😮", "🎉", "💯", "👍"] as const;
