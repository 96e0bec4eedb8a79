import { api } from "@/lib/client/api";
import type { StreamListView, StreamView } from "@/lib/streams/schemas";

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
  key: (id: string) => ["streams", "key", id] as const,
};

export type CategoryWithCount = { id: string; label: string; emoji: string; liveCount: number };
export type StreamKeyInfo = { streamKey: string; keyRotatedAt: string | null; urls: { rtmp: string; webrtc: string; whip: string; hls: string } };

const qs = (params: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") p.set(k, String(v));
  return p.toString();
};

export const fetchTrending = (category?: string, limit = 12) => api<StreamListView>(`/api/livestream/trending?${qs({ category, limit })}`);
export const fetchUpcoming = (category?: string, limit = 8) => api<StreamListView>(`/api/livestream/upcoming?${qs({ category, limit })}`);
export const fetchCategory = (category: string, page: number, limit = 24) => api<StreamListView>(`/api/livestream/category/${category}?${qs({ page, limit })}`);
export const fetchSearch = (q: string, page: number, category?: string, limit = 24) => api<StreamListView>(`/api/livestream/search?${qs({ q, page, category, limit })}`);
export const fetchStream = (id: string) => api<StreamView>(`/api/livestream/${id}`);
export const fetchMine = () => api<StreamListView>("/api/livestream/user/streams?limit=100");
export const fetchChannel = (username: string) => api<StreamListView>(`/api/users/${encodeURIComponent(username)}/streams`);
export const fetchCategories = () => api<{ categories: CategoryWithCount[] }>("/api/livestream/categories");
export const fetchStreamKey = (id: string) => api<StreamKeyInfo>(`/api/livestream/${id}/key`);
