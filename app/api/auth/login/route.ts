import { route } from "@/lib/http/route";
import { loginInput } from "@/lib/accounts/schemas";
import { loginUser } from "@/lib/accounts/login-user";

export const POST = route({ body: loginInput }, ({ body, ip }) => loginUser(body, ip));
