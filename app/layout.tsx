import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import localFont from "next/font/local";
import "@fontsource-variable/inter";
import "./globals.css";
import { Providers } from "./providers";
import { SiteHeader } from "@/components/layout/site-header";
import { LIVEKIT_SCRIPT_META } from "@/components/player/early-media";

export const metadata: Metadata = {
  title: { default: "StreamHub", template: "%s · StreamHub" },
  description: "Live streams from your community, on your own servers.",
};

/**
 * Inter's Latin subset through next/font: preloaded by every page, so the first layout already has it (a fresh
 * tab otherwise laid the page out with a system fallback, looked that font up, and shaped everything again
 * when Inter arrived). Other scripts' subsets come from @fontsource-variable/inter as their text needs them.
 */
const interLatin = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  display: "swap",
  variable: "--font-inter-latin",
});

export const viewport: Viewport = { themeColor: "#0b0b10", colorScheme: "dark" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next puts the request's CSP nonce (proxy.ts) on its scripts only
  // then, and a page prerendered at build time would carry none and be refused by the browser.
  await connection();
  return (
    <html lang="en" className={`dark ${interLatin.variable}`}>
      <head>
        {/* Where the pages' livekit-client script is, for a client-side navigation to a page that needs it (lib/client/livekit-global.ts). */}
        <meta name={LIVEKIT_SCRIPT_META} content={process.env.LIVEKIT_SCRIPT_SRC ?? ""} />
      </head>
      <body className="min-h-screen font-sans antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-accent focus:px-3 focus:py-2">
          Skip to content
        </a>
        <Providers>
          <SiteHeader />
          <main id="main" className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
