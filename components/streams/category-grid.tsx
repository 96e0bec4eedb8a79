"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { CATEGORIES } from "@/lib/streams/categories";
import { fetchCategories, streamKeys } from "@/lib/query/streams";

/** The fixed categories with live counts (counts stream in; the tiles render at once). */
export function CategoryGrid() {
  const { data } = useQuery({ queryKey: streamKeys.categories, queryFn: fetchCategories });
  const counts = new Map(data?.categories.map((c) => [c.id, c.liveCount]));
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5 xl:grid-cols-7">
      {CATEGORIES.map((c) => (
        <li key={c.id}>
          <Link href={`/category/${c.id}`} className="flex h-full flex-col gap-1 rounded-xl border border-border bg-surface p-3 transition hover:border-accent hover:bg-surface-2">
            <span aria-hidden className="text-2xl">
              {c.emoji}
            </span>
            <span className="font-semibold">{c.label}</span>
            <span className="text-xs text-muted">{counts.has(c.id) ? `${counts.get(c.id)} live` : "\u00a0"}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
