/** The watch page's outline while the server renders it (see layout.tsx): the player's frame and the chat's column. */
export default function WatchLoading() {
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_340px]" aria-busy="true" aria-label="Loading the stream">
      <div className="flex min-w-0 flex-col gap-4">
        <div className="aspect-video w-full animate-pulse rounded-xl bg-surface-2" />
        <div className="h-6 w-2/3 animate-pulse rounded bg-surface-2" />
        <div className="h-4 w-1/3 animate-pulse rounded bg-surface-2" />
      </div>
      <div className="hidden min-h-96 animate-pulse rounded-xl bg-surface-2 lg:block" />
    </div>
  );
}
