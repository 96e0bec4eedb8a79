import { NextResponse, type NextRequest } from "next/server";
import { config as appConfig } from "@/lib/config";
import { newNonce, pageSecurityHeaders } from "@/lib/http/security-headers";

/**
 * Next's request proxy (formerly middleware), for pages only: a fresh script nonce per response, in the
 * Content-Security-Policy of both the request (Next reads the nonce from it and puts it on every script it
 * renders) and the response. The watch page renders a media token into its HTML: never stored.
 */
export function proxy(req: NextRequest): NextResponse {
  const cfg = appConfig();
  const headers = pageSecurityHeaders({ nonce: newNonce(), dev: cfg.NODE_ENV === "development", publicUrl: cfg.publicUrl, livekitUrl: cfg.livekitPublicUrl });
  const forwarded = new Headers(req.headers);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  const res = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  if (req.nextUrl.pathname.startsWith("/watch/")) res.headers.set("Cache-Control", "no-store");
  return res;
}

export const config = {
  matcher: [
    {
      // Not the API: a proxy that runs buffers request bodies (up to 10 MB) before the route can bound them,
      // and JSON needs no script policy. Not static files, nor prefetches (no document is rendered).
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
