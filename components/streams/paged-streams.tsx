"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { StreamListView } from "@/lib/streams/schemas";
import { StreamGrid } from "@/components/streams/stream-grid";
import { Button } from "@/components/ui/button";

type Props = { queryKey: readonly unknown[]; fetchPage: (page: number) => Promise<StreamListView>; empty: ReactNode; enabled?: boolean };

/** A stream grid that pages with "Show more" (TanStack infinite query). */
export function PagedStreams({ queryKey, fetchPage, empty, enabled = true }: Props) {
  const q = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.pagination.hasMore ? last.pagination.page + 1 : undefined),
    enabled,
  });
  const streams = q.data?.pages.flatMap((p) => p.streams);
  return (
    <div className="flex flex-col gap-5">
      <StreamGrid streams={streams} isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} empty={empty} />
      {q.hasNextPage ? (
        <Button variant="secondary" className="self-center" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? "Loading…" : "Show more"}
        </Button>
      ) : null}
    </div>
  );
}
