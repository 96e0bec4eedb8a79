import { route } from "@/lib/http/route";
import { revokeTokens } from "@/lib/accounts/get-user";

/** Revokes every bearer token of the caller. Browser sessions sign out through next-auth. */
export const POST = route({ auth: "required" }, async ({ actor }) => {
  await revokeTokens(actor);
  return { revoked: true };
});
