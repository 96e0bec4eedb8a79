"use client";

import { useQuery } from "@tanstack/react-query";
import { PagedStreams } from "@/components/streams/paged-streams";
import { StreamGrid } from "@/components/streams/stream-grid";
import { fetchCategory, fetchUpcoming, streamKeys } from "@/lib/query/streams";
import type { CategoryId } from "@/lib/streams/categories";

export function CategoryStreams({ category, label }: { category: CategoryId; label: string }) {
  const upcoming = useQuery({ queryKey: streamKeys.upcoming(category), queryFn: () => fetchUpcoming(category, 8) });
  return (
    <>
      <section aria-labelledby="cat-live" className="flex flex-col gap-4">
        <h2 id="cat-live" className="text-xl font-semibold">
          Live in {label}
        </h2>
        <PagedStreams queryKey={streamKeys.category(category)} fetchPage={(page) => fetchCategory(category, page)} empty={`Nobody is live in ${label} right now.`} />
      </section>
      <section aria-labelledby="cat-upcoming" className="flex flex-col gap-4">
        <h2 id="cat-upcoming" className="text-xl font-semibold">
          Upcoming
        </h2>
        <StreamGrid streams={upcoming.data?.streams} isLoading={upcoming.isLoading} error={upcoming.error} empty={`No ${label} streams are scheduled.`} skeletons={4} />
      </section>
    </>
  );
}
