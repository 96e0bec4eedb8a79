import { writeLivekitScript } from "@/lib/http/livekit-script";

/** Part of `npm run build`, after `next build`: the pages' livekit-client script, into .next/livekit/. */
const name = await writeLivekitScript();
process.stdout.write(`livekit-client script: .next/livekit/${name}\n`);
