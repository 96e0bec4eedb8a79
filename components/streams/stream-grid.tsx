import type { ReactNode } from "react";
import type { StreamView } from "@/lib/streams/schemas";
import { StreamCard, StreamCardSkeleton } from "@/components/streams/stream-card";

type Props = {
  streams: StreamView[] | undefined;
  isLoading: boolean;
  error?: Error | null;
  empty: ReactNode;
  skeletons?: number;
  onRetry?: () => void;
};

/** A responsive grid of stream cards with loading, empty and error states. */
export function StreamGrid({ streams, isLoading, error, empty, skeletons = 8, onRetry }: Props) {
  if (error) {
    return (
      <div role="alert" className="rounded-xl border border-danger/40 bg-red-950/30 p-6 text-center text-sm">
        <p className="text-red-200">Could not load streams: {error.message}</p>
        {onRetry ? (
          <button type="button" onClick={onRetry} className="mt-3 rounded-lg border border-border px-3 py-1.5 hover:bg-surface-2">
            Try again
          </button>
        ) : null}
      </div>
    );
  }
  if (isLoading || !streams) {
    return (
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" aria-busy="true" aria-label="Loading streams">
        {Array.from({ length: skeletons }, (_, i) => (
          <StreamCardSkeleton key={i} />
        ))}
      </div>
    );
  }
  if (!streams.length) return <div className="rounded-xl border border-dashed border-border p-10 text-center text-muted">{empty}</div>;
  return (
    <ul className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
      {streams.map((s) => (
        <li key={s.id}>
          <StreamCard stream={s} />
        </li>
      ))}
    </ul>
  );
}
