import type { ReactNode } from "react";
import { headers } from "next/headers";
import { LivekitScript } from "@/app/_components/livekit-script";

/**
 * React 19.2 reveals streamed Suspense content no sooner than 300 ms after the shell was painted (it batches
 * reveals so that several boundaries appear together). This page streams one boundary (loading.tsx), the
 * page itself: waiting would show the outline 300 ms longer for nothing, and put the page's largest paint
 * (its LCP) that much later. React skips the wait when it has no shell time recorded (`$RT`): the time is
 * kept from being recorded. Should React rename it, this does nothing and the page is revealed as before.
 */
const REVEAL_AT_ONCE = `Object.defineProperty(self,"$RT",{configurable:true,get:function(){},set:function(){}})`;

/**
 * The watch page's shell: with loading.tsx, it is sent before the page has looked up the stream and minted
 * the viewer's token, so the browser fetches the styles, Next's scripts and livekit-client's script while
 * the server renders the rest.
 */
export default async function WatchLayout({ children }: { children: ReactNode }) {
  const nonce = /'nonce-([^']+)'/.exec((await headers()).get("content-security-policy") ?? "")?.[1];
  return (
    <>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: REVEAL_AT_ONCE }} />
      <LivekitScript />
      {children}
    </>
  );
}
