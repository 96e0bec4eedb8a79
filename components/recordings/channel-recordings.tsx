"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchChannelRecordings, recordingKeys } from "@/lib/query/recordings";
import { RecordingCard } from "@/components/recordings/recording-card";

/** The channel's past broadcasts (its recordings), newest first; nothing when there are none. */
export function ChannelRecordings({ username }: { username: string }) {
  const q = useQuery({ queryKey: recordingKeys.channel(username), queryFn: () => fetchChannelRecordings(username) });
  const list = q.data?.recordings ?? [];
  if (!list.length) return null;
  return (
    <section aria-labelledby="recordings" className="flex flex-col gap-4">
      <h2 id="recordings" className="text-xl font-semibold">
        Past broadcasts
      </h2>
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
        {list.map((r) => (
          <RecordingCard key={r.id} recording={r} />
        ))}
      </div>
    </section>
  );
}
