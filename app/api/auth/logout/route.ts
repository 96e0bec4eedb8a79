import { z } from "zod";
import { route } from "@/lib/http/route";
import { revokeTokens } from "@/lib/accounts/get-user";

/** Revokes every bearer token of the caller. Browser sessions sign out through next-auth. */
export const POST = route(
  { tag: "Accounts", summary: "Revoke every bearer token of the caller", auth: "required", response: z.object({ revoked: z.boolean() }) },
  async ({ actor }) => {
    await revokeTokens(actor);
    return { revoked: true };
  },
);
