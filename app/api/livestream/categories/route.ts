import { z } from "zod";
import { route } from "@/lib/http/route";
import { CATEGORIES, CATEGORY_IDS } from "@/lib/streams/categories";
import { liveCountsByCategory } from "@/lib/streams/list-streams";

const categoryList = z.object({ categories: z.array(z.object({ id: z.enum(CATEGORY_IDS), label: z.string(), emoji: z.string(), liveCount: z.number() })) });

/** The fixed category list with how many listed streams are live in each. */
export const GET = route({ tag: "Discovery", summary: "The category list with live counts", response: categoryList }, async () => {
  const counts = await liveCountsByCategory();
  return { categories: CATEGORIES.map((c) => ({ ...c, liveCount: counts[c.id] ?? 0 })) };
});
