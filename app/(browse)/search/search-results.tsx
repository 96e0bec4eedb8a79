"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CATEGORIES } from "@/lib/streams/categories";
import { fetchSearch, streamKeys } from "@/lib/query/streams";
import { PagedStreams } from "@/components/streams/paged-streams";
import { Button } from "@/components/ui/button";

export function SearchResults() {
  const params = useSearchParams();
  const router = useRouter();
  const q = params.get("q")?.trim() ?? "";
  const category = params.get("category") ?? "";
  const [text, setText] = useState(q);
  const [cat, setCat] = useState(category);

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    if (text.trim()) next.set("q", text.trim());
    if (cat) next.set("category", cat);
    router.push(`/search?${next.toString()}`);
  }

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">{q ? <>Results for “{q}”</> : "Search streams"}</h1>
      <form onSubmit={submit} role="search" className="flex flex-col gap-3 sm:flex-row">
        <label htmlFor="search-q" className="sr-only">
          Search
        </label>
        <input
          id="search-q"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={100}
          placeholder="Titles, tags, creators…"
          className="flex-1 rounded-lg border border-border bg-surface px-3 py-2 text-sm focus:border-accent focus:outline-none"
        />
        <label htmlFor="search-category" className="sr-only">
          Category
        </label>
        <select id="search-category" value={cat} onChange={(e) => setCat(e.target.value)} className="rounded-lg border border-border bg-surface px-3 py-2 text-sm">
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <Button type="submit">Search</Button>
      </form>
      {q ? (
        <PagedStreams key={`${q}|${category}`} queryKey={streamKeys.search(q, category)} fetchPage={(page) => fetchSearch(q, page, category || undefined)} empty={`No live or upcoming streams match “${q}”.`} />
      ) : (
        <p className="text-muted">Search live and upcoming streams by title, description, tag or creator.</p>
      )}
    </div>
  );
}
