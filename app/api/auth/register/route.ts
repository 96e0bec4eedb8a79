import { route } from "@/lib/http/route";
import { authResultSchema, registerInput } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/register-user";

export const POST = route(
  { tag: "Accounts", summary: "Create an account; returns the user and a bearer token", body: registerInput, response: authResultSchema, status: 201, errors: [409, 429], noStore: true },
  ({ body, ip }) => registerUser(body, ip),
);
