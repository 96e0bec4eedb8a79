import { route } from "@/lib/http/route";
import { registerInput } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/register-user";

export const POST = route({ body: registerInput, status: 201 }, ({ body, ip }) => registerUser(body, ip));
