import { route } from "@/lib/http/route";
import { CATEGORIES } from "@/lib/streams/categories";
import { liveCountsByCategory } from "@/lib/streams/list-streams";

/** The fixed category list with how many listed streams are live in each. */
export const GET = route({}, async () => {
  const counts = await liveCountsByCategory();
  return { categories: CATEGORIES.map((c) => ({ ...c, liveCount: counts[c.id] ?? 0 })) };
});
