import { startStack } from "./harness";
import { benchTtff } from "./ttff";
import { benchChatFanout } from "./chat-fanout";
import { benchIngest } from "./ingest";
import { benchChatFaults } from "./chat-faults";

/** `npm run bench [ttff] [ingest] [chat] [faults]`: benchmarks against the production build on the real services; prints figures, never fails on them. */
async function main() {
  const which = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ["ttff", "ingest", "chat"]);
  if (which.has("ttff") || which.has("ingest")) {
    const stack = await startStack();
    try {
      if (which.has("ttff")) await benchTtff(stack);
      // RTMP ingest, through the stack's media worker.
      if (which.has("ingest")) await benchIngest(stack);
    } finally {
      await stack.stop();
    }
  }
  // Its own stack: the app pinned to one core with the chat limits lifted for the load.
  if (which.has("chat")) await benchChatFanout();
  // Chat under faults (drops, a Redis restart): its own stacks.
  if (which.has("faults")) await benchChatFaults();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
