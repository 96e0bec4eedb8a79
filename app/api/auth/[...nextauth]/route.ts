import NextAuth from "next-auth";
import { authOptions } from "@/lib/accounts/next-auth-options";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;
let handler: Handler | undefined;

// Built on first request, not at import: configuration is read at run time, never during `next build`.
function nextAuth(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  handler ??= NextAuth(authOptions()) as Handler;
  return handler(req, ctx);
}

export { nextAuth as GET, nextAuth as POST };
