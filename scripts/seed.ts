import { disconnectDb } from "@/lib/db/connection";
import { closeRedis } from "@/lib/realtime/redis";
import { DEMO_PASSWORD, demoEncoderTargets, removeDemo, seedDemo } from "@/lib/demo/seed-demo";

/**
 * `npm run seed` adds demo content to an empty database; `npm run seed -- --remove` takes it away.
 * `--encoder-targets` (used by `npm run dev`) prints, as JSON, the live demo streams and their keys.
 */
async function main() {
  if (process.argv.includes("--encoder-targets")) {
    process.stdout.write(`${JSON.stringify(await demoEncoderTargets())}\n`);
  } else if (process.argv.includes("--remove")) {
    const r = await removeDemo();
    process.stdout.write(`[seed] removed ${r.streams} demo streams and ${r.users} demo users\n`);
  } else {
    const r = await seedDemo();
    process.stdout.write(
      r.seeded
        ? `[seed] demo content added (marked "Demo"): users ${r.users.join(", ")} with password "${DEMO_PASSWORD}". Remove it with: npm run seed -- --remove\n`
        : "[seed] database already has streams; no demo content added\n",
    );
  }
  await disconnectDb();
  // Stream creation is rate-limited through Redis when REDIS_URL is set: its connection must not keep the seed alive.
  await closeRedis();
}

main().catch((err: unknown) => {
  process.stderr.write(`[seed] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
