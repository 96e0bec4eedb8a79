import path from "node:path";
import { startStack } from "./harness";
import { benchTtff } from "./ttff";
import { benchChatFanout } from "./chat-fanout";
import { benchIngest } from "./ingest";
import { benchG2g } from "./g2g";
import { benchSfu } from "./sfu";
import { benchDiscovery } from "./discovery";
import { benchChatFaults } from "./chat-faults";

/** `npm run bench [ttff] [ingest] [g2g] [chat] [sfu] [discovery] [faults]`: benchmarks against the production build on the real services; prints figures, never fails on them. */
async function main() {
  const which = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ["ttff", "ingest", "g2g", "chat", "sfu", "discovery"]);
  if (which.has("ttff") || which.has("ingest") || which.has("g2g")) {
    // BENCH_PROFILE_DIR: the app writes CPU profiles there (bench/profile-hook.mjs), e.g. of the watch page's render.
    const prof = process.env.BENCH_PROFILE_DIR;
    const stack = await startStack(prof ? { env: { NODE_OPTIONS: `--import=${path.resolve("bench/profile-hook.mjs")}`, FANOUT_PROFILE_DIR: prof } } : {});
    try {
      if (which.has("ttff")) await benchTtff(stack);
      // RTMP ingest, through the stack's media worker.
      if (which.has("ingest")) await benchIngest(stack);
      // Glass-to-glass over WebRTC, RTMP and HLS, in real browsers.
      if (which.has("g2g")) await benchG2g(stack);
    } finally {
      await stack.stop();
    }
  }
  // Its own stack: the app pinned to one core with the chat limits lifted for the load.
  if (which.has("chat")) await benchChatFanout();
  // LiveKit alone, pinned to one core, with the Go load generator (bench/sfu-load) on the other.
  if (which.has("sfu")) await benchSfu();
  // Its own stack: the app pinned to core 0, autocannon on core 1, seeded with a few hundred streams.
  if (which.has("discovery")) await benchDiscovery();
  // Chat under faults (drops, a Redis restart): its own stacks.
  if (which.has("faults")) await benchChatFaults();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
