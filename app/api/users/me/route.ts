import { route } from "@/lib/http/route";
import { getMe } from "@/lib/accounts/get-user";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "required" }, ({ actor }) => getMe(actor));
