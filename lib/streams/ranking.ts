export type RankInput = {
  currentViewers: number;
  likes: number;
  shares: number;
  chatMessages: number;
  reactions: number;
  startedAt: Date | null;
};

const GRAVITY = 1.5;

/**
 * Trending score: current viewers plus weighted engagement, decayed by hours on air (a Hacker-News-style
 * gravity) so a fresh stream with momentum can pass a long-running one with a larger but idle audience.
 */
export function trendingScore(s: RankInput, now = Date.now()): number {
  const engagement = s.likes * 2 + s.shares * 3 + s.chatMessages * 0.2 + s.reactions * 0.05;
  const hours = s.startedAt ? Math.max(0, (now - s.startedAt.getTime()) / 3_600_000) : 0;
  return (s.currentViewers * 10 + engagement + 1) / Math.pow(hours + 2, GRAVITY);
}

export function rankTrending<T extends RankInput>(items: T[], now = Date.now()): T[] {
  return items
    .map((item) => ({ item, score: trendingScore(item, now) }))
    .sort((a, b) => b.score - a.score)
    .map((x) => x.item);
}
