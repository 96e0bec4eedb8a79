import path from "node:path";
import { startStack, stats, freePort } from "./harness";
import { describeReport, registerSenders, runChatLoad, type ChatLoadReport } from "../tests/support/chat-load";
import { ownRedis } from "../tests/support/redis-server";
import { startApp } from "../scripts/app-process";
import { startMediaWorker } from "../scripts/services/worker";

/**
 * `npm run bench faults`: chat under faults at the scale (issue 21, point 6), where the suite
 * (tests/chat-faults*.test.ts) runs it smaller. (a) 10,000 messages from 200 senders to 300 SDK viewers
 * while 20 % of the viewers drop and reconnect (half lose the network, half the session); (b) two app
 * processes on one Redis, stopped and started mid-run. Prints, per run, what was lost (must be 0), the
 * catch-up times, and the median and spread over FAULTS_RUNS runs. Never fails.
 */
const RUNS = Number(process.env.FAULTS_RUNS ?? 3);
const MESSAGES = Number(process.env.FAULTS_MESSAGES ?? 10_000);
const SENDERS = Number(process.env.FAULTS_SENDERS ?? 200);
const VIEWERS = Number(process.env.FAULTS_VIEWERS ?? 300);
const SECONDS = Number(process.env.FAULTS_SECONDS ?? 40);
// The senders post 50 messages each inside a minute: over the default per-user chat limit.
const LIMITS = { CHAT_RATE_LIMIT: "100000", SOCKET_AUTH_TIMEOUT_MS: "10000" };

const out = (line: string) => process.stdout.write(`${line}\n`);

function summary(name: string, reports: ChatLoadReport[]) {
  const f = (xs: number[]) => {
    const s = stats(xs);
    return `median ${s.median}, min ${s.min}, max ${s.max}`;
  };
  out(`── faults (${name}): ${reports.length} run(s)`);
  out(`  lost (acknowledged, not persisted): ${f(reports.map((r) => r.lostPersisted))}`);
  out(`  missing at viewers: ${f(reports.map((r) => r.missing))}; duplicates: ${f(reports.map((r) => r.duplicates))}`);
  out(`  catch-up ms (per reconnect, all runs): ${f(reports.flatMap((r) => r.catchUpMs))}`);
  out(`  every viewer complete, ms after the last acknowledgement: ${f(reports.map((r) => r.settleMs))}`);
}

async function dropsRun(): Promise<ChatLoadReport[]> {
  const stack = await startStack({ env: LIMITS });
  const reports: ChatLoadReport[] = [];
  try {
    const senders = await registerSenders(stack.url, SENDERS);
    for (let run = 0; run < RUNS; run++) {
      const [host] = await registerSenders(stack.url, 1);
      const created = (await (await fetch(`${stack.url}/api/livestream/create`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${host}` }, body: JSON.stringify({ title: `faults ${run}`, category: "talk" }) })).json()) as { data: { streamId: string } };
      const r = await runChatLoad({ urls: [stack.url], streamId: created.data.streamId, senderTokens: senders, viewers: VIEWERS, messages: MESSAGES, dropShare: 0.2, seconds: SECONDS, mongoUri: stack.env.MONGODB_URI ?? "", settleMs: 60_000 });
      out(`faults (drops) run ${run + 1}:\n${describeReport(r)}`);
      reports.push(r);
    }
  } finally {
    await stack.stop();
  }
  return reports;
}

/** Two app processes on a Redis of the bench's own, hung, killed and started again halfway through each run. */
async function redisRun(): Promise<ChatLoadReport[]> {
  const stack = await startStack({ env: LIMITS });
  const redis = await ownRedis();
  const rtmp = await freePort();
  const env = { ...stack.env, REDIS_URL: redis.url, RTMP_PORT: String(rtmp), RTMP_INGEST_URL: `rtmp://127.0.0.1:${rtmp}/live`, MEDIA_DIR: path.join(redis.dir, "media") };
  const worker = await startMediaWorker({ env, dataDir: redis.dir, name: "faults-worker" });
  const apps = await Promise.all([0, 1].map(async () => startApp({ env, port: await freePort(), production: true, stdio: "pipe" })));
  const reports: ChatLoadReport[] = [];
  try {
    const urls = apps.map((a) => a.url);
    const senders = await registerSenders(urls[0]!, SENDERS);
    for (let run = 0; run < RUNS; run++) {
      const [host] = await registerSenders(urls[0]!, 1);
      const created = (await (await fetch(`${urls[0]}/api/livestream/create`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${host}` }, body: JSON.stringify({ title: `faults redis ${run}`, category: "talk" }) })).json()) as { data: { streamId: string } };
      // As tests/chat-faults-redis.test.ts: Redis hangs 0.5 s, is killed (every command in flight refused) and comes back empty 1.5 s later.
      const restart = async () => {
        await redis.kill(500);
        await new Promise((r) => setTimeout(r, 1500));
        await redis.start();
      };
      const r = await runChatLoad({ urls, streamId: created.data.streamId, senderTokens: senders, viewers: VIEWERS, messages: MESSAGES, dropShare: 0.2, seconds: SECONDS, mongoUri: stack.env.MONGODB_URI ?? "", midRun: restart, settleMs: 60_000 });
      out(`faults (redis restart) run ${run + 1}:\n${describeReport(r)}`);
      reports.push(r);
    }
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await worker.stop();
    await redis.stop();
    await stack.stop();
  }
  return reports;
}

export async function benchChatFaults(): Promise<void> {
  out(`faults: ${MESSAGES} messages from ${SENDERS} senders to ${VIEWERS} viewers over ${SECONDS} s, 20 % of viewers dropping; ${RUNS} run(s) each`);
  const which = (process.env.FAULTS_SCENARIOS ?? "drops,redis").split(",");
  if (which.includes("drops")) summary("drops, one process", await dropsRun());
  if (which.includes("redis")) summary("two processes, Redis restarted", await redisRun());
}
