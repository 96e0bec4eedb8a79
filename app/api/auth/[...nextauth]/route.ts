import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/accounts/next-auth-options";
import { errorBody, toAppError } from "@/lib/errors";
import { json } from "@/lib/http/route";
import { readBodyText } from "@/lib/http/body";

type Ctx = { params: Promise<{ nextauth: string[] }> };
type Handler = (req: Request, ctx: Ctx) => Promise<Response>;
let handler: Handler | undefined;

/** Its forms carry a CSRF token, a login and a password: far below this. */
const MAX_BODY = 64 * 1024;

// Built on first request, not at import: configuration is read at run time, never during `next build`.
async function nextAuth(req: Request, ctx: Ctx): Promise<Response> {
  handler ??= NextAuth(authOptions()) as Handler;
  if (req.method !== "POST") return handler(req, ctx);
  // next-auth would read the whole body, however long: it gets a copy read within the limit instead.
  let body: string;
  try {
    body = await readBodyText(req, MAX_BODY);
  } catch (err) {
    const e = toAppError(err);
    return json(errorBody(e), e.status);
  }
  return handler(new NextRequest(req.url, { method: req.method, headers: req.headers, body }), ctx);
}

export { nextAuth as GET, nextAuth as POST };
