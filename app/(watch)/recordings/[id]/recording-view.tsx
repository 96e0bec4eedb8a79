"use client";

import Link from "next/link";
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { RecordingView as Recording } from "@/lib/recordings/schemas";
import { endpoints } from "@/lib/client/endpoints";
import { LiveStreamError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { formatDateTime, formatDuration } from "@/lib/client/format";

/** A past broadcast: the MP4 in a native player (seeking fetches byte ranges), and the owner's controls. */
export function RecordingView({ initial, canManage }: { initial: Recording; canManage: boolean }) {
  const [rec, setRec] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err instanceof LiveStreamError ? err.message : "Something went wrong");
    } finally {
      setBusy(false);
    }
  }

  const toggle = () => run(async () => setRec(await endpoints.recordings.update(rec.id, { visibility: rec.visibility === "public" ? "unlisted" : "public" })));
  const remove = () =>
    run(async () => {
      if (!window.confirm("Delete this recording for good?")) return;
      await endpoints.recordings.remove(rec.id);
      router.push(`/${rec.host.username}`);
    });

  return (
    <div className="flex flex-col gap-4">
      <video
        data-testid="recording-video"
        className="aspect-video max-h-[70vh] w-full rounded-xl bg-black object-contain"
        src={rec.videoUrl}
        poster={rec.posterUrl ?? undefined}
        controls
        playsInline
        preload="metadata"
      />
      <div className="flex flex-wrap items-start gap-4">
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2 text-xs text-muted">
            <span className="rounded bg-surface-2 px-1.5 py-0.5 font-semibold">Past broadcast</span>
            {rec.visibility === "unlisted" ? <span className="rounded bg-surface-2 px-1.5 py-0.5">Unlisted</span> : null}
            <span>{formatDuration(rec.durationSeconds)}</span>
            {rec.endedAt ? <span>· aired {formatDateTime(rec.startedAt ?? rec.endedAt)}</span> : null}
          </div>
          <h1 className="mt-1 text-2xl font-bold">{rec.title}</h1>
          <Link href={`/${rec.host.username}`} className="text-sm text-accent hover:underline">
            {rec.host.displayName}
          </Link>
        </div>
        {canManage ? (
          <div className="flex gap-2" data-testid="recording-owner">
            <Button variant="secondary" disabled={busy} onClick={() => void toggle()}>
              {rec.visibility === "public" ? "Unlist" : "List on channel"}
            </Button>
            <Button variant="danger" disabled={busy} onClick={() => void remove()}>
              Delete
            </Button>
          </div>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
