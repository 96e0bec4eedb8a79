import { endpoints } from "@/lib/client/endpoints";
import type { CategoryId } from "@/lib/streams/categories";
import type { SearchQuery } from "@/lib/streams/schemas";

/** TanStack Query keys and fetchers of the stream endpoints. */
export const streamKeys = {
  all: ["streams"] as const,
  trending: (category?: string) => ["streams", "trending", category ?? "all"] as const,
  upcoming: (category?: string) => ["streams", "upcoming", category ?? "all"] as const,
  category: (category: string) => ["streams", "category", category] as const,
  search: (q: string, category?: string) => ["streams", "search", q, category ?? "all"] as const,
  detail: (id: string) => ["streams", "detail", id] as const,
  mine: ["streams", "mine"] as const,
  channel: (username: string) => ["streams", "channel", username] as const,
  categories: ["categories"] as const,
  liked: (id: string) => ["liked", id] as const,
};

const { discovery, streams } = endpoints;

export const fetchTrending = (category?: CategoryId, limit = 12) => discovery.trending({ category, limit });
export const fetchUpcoming = (category?: CategoryId, limit = 8) => discovery.upcoming({ category, limit });
export const fetchCategory = (category: CategoryId, page: number, limit = 24) => discovery.category(category, { page, limit });
// The category comes from the URL as typed by a person: the server validates it, and a bad one shows the error state.
export const fetchSearch = (q: string, page: number, category?: string, limit = 24) => discovery.search({ q, page, category: category as SearchQuery["category"], limit });
export const fetchStream = (id: string) => streams.get(id);
export const fetchMine = () => discovery.mine({ limit: 100 });
export const fetchChannel = (username: string) => discovery.channel(username);
export const fetchCategories = () => discovery.categories();
export const fetchLiked = (id: string) => streams.liked(id);
