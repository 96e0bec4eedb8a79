import { route } from "@/lib/http/route";
import { selfUserSchema } from "@/lib/accounts/schemas";
import { getMe } from "@/lib/accounts/get-user";

export const dynamic = "force-dynamic";

export const GET = route({ tag: "Accounts", summary: "The caller's own profile", auth: "required", response: selfUserSchema }, ({ actor }) => getMe(actor));
