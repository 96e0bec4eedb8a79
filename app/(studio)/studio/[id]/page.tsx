import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { resolveActor } from "@/lib/accounts/authenticate";
import { getManagedStream } from "@/lib/streams/get-stream";
import { orNotFound } from "@/lib/http/or-not-found";
import { Studio } from "@/components/studio/studio";
import { LivekitScript } from "@/app/_components/livekit-script";

export const metadata: Metadata = { title: "Studio" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export default async function StudioPage({ params }: Props) {
  const { id } = await params;
  if (!/^[a-f0-9]{24}$/i.test(id)) notFound();
  const actor = await resolveActor({ cookie: (await headers()).get("cookie") }).catch(() => null);
  if (!actor) redirect(`/login?callbackUrl=/studio/${id}`);
  const stream = await orNotFound(getManagedStream(actor, id), { hide: "FORBIDDEN" });
  return (
    <>
      <LivekitScript />
      <Studio initial={stream} />
    </>
  );
}
