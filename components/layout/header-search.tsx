"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

export function HeaderSearch() {
  const router = useRouter();
  const [q, setQ] = useState("");
  function submit(e: FormEvent) {
    e.preventDefault();
    if (q.trim()) router.push(`/search?q=${encodeURIComponent(q.trim())}`);
  }
  return (
    <form role="search" onSubmit={submit} className="hidden max-w-md flex-1 md:block">
      <label htmlFor="header-search" className="sr-only">
        Search streams
      </label>
      <input
        id="header-search"
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        maxLength={100}
        placeholder="Search streams, tags, creators"
        className="w-full rounded-full border border-border bg-surface px-4 py-1.5 text-sm placeholder:text-muted focus:border-accent focus:outline-none"
      />
    </form>
  );
}
