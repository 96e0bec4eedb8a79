import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function HomePage() {
  return (
    <div className="flex flex-col gap-10">
      <section className="rounded-2xl border border-border bg-gradient-to-br from-surface-2 to-bg p-8 sm:p-12">
        <p className="mb-2 text-sm font-semibold uppercase tracking-widest text-accent">Your community, live</p>
        <h1 className="max-w-2xl text-3xl font-bold tracking-tight sm:text-5xl">Stream, chat and hang out — on servers you run.</h1>
        <p className="mt-4 max-w-xl text-muted">
          Sub-second WebRTC video, real-time chat and reactions, and tools for creators and moderators.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link href="/signup" className={buttonClass("primary")}>
            Get started
          </Link>
          <Link href="/docs/api" className={buttonClass("secondary")}>
            API reference
          </Link>
        </div>
      </section>
      <section aria-labelledby="live-now">
        <h2 id="live-now" className="mb-4 text-xl font-semibold">
          Live now
        </h2>
        <div className="rounded-xl border border-dashed border-border p-10 text-center text-muted">Nobody is live right now. Check back soon.</div>
      </section>
    </div>
  );
}
