import { headers } from "next/headers";

/**
 * The pages' livekit-client script (lib/http/livekit-script.ts, an ES module), for every page whose code uses
 * livekit-client (the watch, channel, studio and stage pages): Next's browser bundle reads livekit-client from
 * it (lib/client/livekit-global.ts). Two elements name it; a module runs once per page whatever the count:
 * - an async module <script>, fetched first: it runs as soon as it has arrived, so the watch page's viewer
 *   starts joining (components/player/early-entry.ts) before Next's runtime has even loaded;
 * - an entry in Next's `beforeInteractive` list (`self.__next_s`, the format next/script writes; next/script
 *   itself would preload it as a classic script, which a module cannot reuse): Next's bootstrap loads it and
 *   waits for its `load` before it hydrates, so no page module ever runs before livekit-client is there.
 * Both carry the response's CSP nonce ('strict-dynamic' trusts nothing else).
 */
export async function LivekitScript() {
  const src = process.env.LIVEKIT_SCRIPT_SRC;
  if (!src) throw new Error("LIVEKIT_SCRIPT_SRC is not set: the app must be started by server.ts");
  const csp = (await headers()).get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const entry = JSON.stringify([src, { type: "module", nonce }]).replace(/</g, "\\u003c");
  return (
    <>
      <script type="module" async src={src} nonce={nonce}/>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `(self.__next_s=self.__next_s||[]).push(${entry})` }} />
    </>
  );
}
