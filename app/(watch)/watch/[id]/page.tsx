import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getStream } from "@/lib/streams/get-stream";
import { AppError } from "@/lib/errors";
import { WatchView } from "./watch-view";

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  if (!/^[a-f0-9]{24}$/i.test(id)) notFound();
  try {
    return await getStream(id);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const s = await load((await params).id);
  return { title: `${s.title} — ${s.host.displayName}`, description: s.description.slice(0, 160) };
}

export default async function WatchPage({ params }: Props) {
  const stream = await load((await params).id);
  return <WatchView initial={stream} />;
}
