"use client";

import { useQuery } from "@tanstack/react-query";
import { StreamGrid } from "@/components/streams/stream-grid";
import { CategoryGrid } from "@/components/streams/category-grid";
import { fetchTrending, fetchUpcoming, streamKeys } from "@/lib/query/streams";

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Home: live now (most watched), trending (ranked), categories and upcoming. */
export function HomeFeed() {
  const trending = useQuery({ queryKey: streamKeys.trending(), queryFn: () => fetchTrending(undefined, 24), refetchInterval: 30_000 });
  const upcoming = useQuery({ queryKey: streamKeys.upcoming(), queryFn: () => fetchUpcoming(undefined, 8) });
  const live = trending.data ? [...trending.data.streams].sort((a, b) => b.analytics.currentViewers - a.analytics.currentViewers).slice(0, 8) : undefined;
  return (
    <div className="flex flex-col gap-10">
      <Section id="live-now" title="Live now">
        <StreamGrid streams={live} isLoading={trending.isLoading} error={trending.error} onRetry={() => void trending.refetch()} empty="Nobody is live right now. Check back soon — or go live yourself." skeletons={4} />
      </Section>
      {(trending.data?.streams.length ?? 0) > 4 ? (
        <Section id="trending" title="Trending">
          <StreamGrid streams={trending.data?.streams.slice(0, 8)} isLoading={false} error={null} empty="" />
        </Section>
      ) : null}
      <Section id="categories" title="Browse categories">
        <CategoryGrid />
      </Section>
      <Section id="upcoming" title="Upcoming">
        <StreamGrid streams={upcoming.data?.streams} isLoading={upcoming.isLoading} error={upcoming.error} onRetry={() => void upcoming.refetch()} empty="No streams are scheduled yet." skeletons={4} />
      </Section>
    </div>
  );
}
