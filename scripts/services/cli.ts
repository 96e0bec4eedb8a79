import { parseConfig } from "@/lib/config";
import { servicesConfig } from "../settings";
import { startServices } from "./manager";

/** `npm run services`: start the local services alone and keep them up until Ctrl-C. */
async function main() {
  const services = await startServices({ env: servicesConfig(), appUrl: parseConfig(process.env).publicUrl });
  for (const [k, v] of Object.entries(services.env)) if (!k.includes("SECRET")) process.stdout.write(`${k}=${v}\n`);
  const stop = async () => {
    await services.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
