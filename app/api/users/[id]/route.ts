import { z } from "zod";
import { route } from "@/lib/http/route";
import { getPublicUser } from "@/lib/accounts/get-user";

const params = z.object({ id: z.string().min(1).max(64) });

export const GET = route({ params }, ({ params }) => getPublicUser(params.id));
