import { z } from "zod";
import { route } from "@/lib/http/route";
import { revokeTokens } from "@/lib/accounts/get-user";

/** Logs the caller out everywhere: bearer tokens, browser sessions and open sockets. */
export const POST = route(
  { tag: "Accounts", summary: "Log out everywhere: end every bearer token, browser session and socket of the caller", auth: "required", response: z.object({ revoked: z.boolean() }) },
  async ({ actor }) => {
    await revokeTokens(actor);
    return { revoked: true };
  },
);
