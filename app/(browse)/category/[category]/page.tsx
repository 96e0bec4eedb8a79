import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CATEGORIES } from "@/lib/streams/categories";
import { CategoryStreams } from "./category-streams";

type Props = { params: Promise<{ category: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { category } = await params;
  return { title: CATEGORIES.find((c) => c.id === category)?.label ?? "Category" };
}

export default async function CategoryPage({ params }: Props) {
  const { category } = await params;
  const cat = CATEGORIES.find((c) => c.id === category);
  if (!cat) notFound();
  return (
    <div className="flex flex-col gap-8">
      <header className="flex items-center gap-3">
        <span aria-hidden className="text-4xl">
          {cat.emoji}
        </span>
        <div>
          <h1 className="text-3xl font-bold">{cat.label}</h1>
          <p className="text-sm text-muted">Live streams, most watched first</p>
        </div>
      </header>
      <CategoryStreams category={cat.id} label={cat.label} />
    </div>
  );
}
