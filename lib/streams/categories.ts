/** The fixed list of categories (documented in the README). Order is the display order. */
export const CATEGORIES = [
  { id: "gaming", label: "Gaming", emoji: "🎮" },
  { id: "technology", label: "Technology", emoji: "💻" },
  { id: "music", label: "Music", emoji: "🎵" },
  { id: "art", label: "Art", emoji: "🎨" },
  { id: "education", label: "Education", emoji: "📚" },
  { id: "entertainment", label: "Entertainment", emoji: "🎬" },
  { id: "sports", label: "Sports", emoji: "⚽" },
  { id: "talk", label: "Just Chatting", emoji: "💬" },
  { id: "science", label: "Science", emoji: "🔬" },
  { id: "cooking", label: "Cooking", emoji: "🍳" },
  { id: "travel", label: "Travel & Outdoors", emoji: "🧭" },
  { id: "fitness", label: "Fitness", emoji: "🏋️" },
  { id: "other", label: "Other", emoji: "✨" },
] as const;

export type CategoryId = (typeof CATEGORIES)[number]["id"];

export const CATEGORY_IDS = CATEGORIES.map((c) => c.id) as [CategoryId, ...CategoryId[]];
