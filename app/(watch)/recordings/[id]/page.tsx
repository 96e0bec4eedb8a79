import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { resolveActor } from "@/lib/accounts/authenticate";
import { recordingForPage } from "@/lib/recordings/recordings";
import { toAppError } from "@/lib/errors";
import { RecordingView } from "./recording-view";

type Props = { params: Promise<{ id: string }> };

const load = cache(async (id: string) => {
  if (!/^[a-f0-9]{24}$/i.test(id)) notFound();
  const actor = await resolveActor({ cookie: (await headers()).get("cookie") }).catch(() => null);
  try {
    return { ok: true as const, ...(await recordingForPage(actor, id)) };
  } catch (err) {
    const e = toAppError(err);
    if (e.code === "NOT_FOUND") notFound();
    // The audience rules said no (followers, subscribers, a ticket, signing in): say why, as the live page does.
    return { ok: false as const, message: e.message };
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const r = await load((await params).id);
  return { title: r.ok ? `${r.recording.title} — ${r.recording.host.displayName}` : "Recording" };
}

export default async function RecordingPage({ params }: Props) {
  const r = await load((await params).id);
  if (!r.ok) {
    return (
      <div className="grid aspect-video place-items-center rounded-xl bg-black text-center" data-testid="recording-refused">
        <div>
          <p className="text-xl font-semibold">You can&apos;t watch this recording</p>
          <p className="mt-1 text-sm text-muted">{r.message}</p>
        </div>
      </div>
    );
  }
  return <RecordingView initial={r.recording} canManage={r.canManage} />;
}
