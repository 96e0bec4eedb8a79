import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { HomeFeed } from "@/components/home/home-feed";

export default function HomePage() {
  return (
    <div className="flex flex-col gap-10">
      <section className="rounded-2xl border border-border bg-gradient-to-br from-surface-2 to-bg p-6 sm:p-10">
        <p className="mb-2 text-sm font-semibold uppercase tracking-widest text-accent">Your community, live</p>
        <h1 className="max-w-2xl text-3xl font-bold tracking-tight sm:text-4xl">Stream, chat and hang out — on servers you run.</h1>
        <p className="mt-3 max-w-xl text-muted">Sub-second WebRTC video, real-time chat and reactions, and tools for creators and moderators.</p>
        <div className="mt-5 flex flex-wrap gap-3">
          <Link href="/dashboard" className={buttonClass("primary")}>
            Start streaming
          </Link>
          <Link href="/search" className={buttonClass("secondary")}>
            Find streams
          </Link>
        </div>
      </section>
      <HomeFeed />
    </div>
  );
}
