import { startStack } from "./harness";
import { benchTtff } from "./ttff";

/** `npm run bench [ttff]`: benchmarks against the production build on the real services; prints figures, never fails on them. */
async function main() {
  const which = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ["ttff"]);
  const stack = await startStack();
  try {
    if (which.has("ttff")) await benchTtff(stack);
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
