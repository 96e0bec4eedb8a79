import { route } from "@/lib/http/route";
import { authResultSchema, loginInput } from "@/lib/accounts/schemas";
import { loginUser } from "@/lib/accounts/login-user";

export const POST = route(
  { tag: "Accounts", summary: "Exchange username-or-email and password for a bearer token", body: loginInput, response: authResultSchema, errors: [429], noStore: true },
  ({ body, ip }) => loginUser(body, ip),
);
