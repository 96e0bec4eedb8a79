import { route } from "@/lib/http/route";
import { publicUserSchema, userIdParams } from "@/lib/accounts/schemas";
import { getPublicUser } from "@/lib/accounts/get-user";

export const GET = route(
  { tag: "Accounts", summary: "A public profile by id or username", params: userIdParams, response: publicUserSchema, errors: [404] },
  ({ params }) => getPublicUser(params.id),
);
