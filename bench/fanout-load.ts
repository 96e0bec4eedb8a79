import { io, type Socket } from "socket.io-client";

/**
 * Load generator (its own process): N viewers join one stream; senders post chat messages at each rate in
 * turn (ours: a pool of viewer accounts taking turns, so slow mode holds for each; bare: one socket); every
 * receiver records the latency from the send timestamp. Prints one JSON line per rate.
 */
type Args = { url: string; mode: "ours" | "bare"; streamId: string; tokens: string[]; n: number; rates: number[]; seconds: number };
const args = JSON.parse(process.env.FANOUT_ARGS ?? "{}") as Args;

function connectOne(auth: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(args.url, { transports: ["websocket"], reconnection: false, forceNew: true, auth });
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });
}

async function join(s: Socket, i: number): Promise<void> {
  const res = (await (args.mode === "ours"
    ? s.timeout(30_000).emitWithAck("join_stream", { streamId: args.streamId, viewerKey: `bench-viewer-${i}` })
    : s.timeout(30_000).emitWithAck("join", args.streamId))) as { success: boolean; error?: unknown };
  if (!res.success) throw new Error(`join failed: ${JSON.stringify(res.error)}`);
}

async function main() {
  const viewers: Socket[] = [];
  let received = 0;
  let latencies: number[] = [];
  const onMessage = (m: { message: string }) => {
    const t = Number(m.message.split(":")[1]);
    received += 1;
    latencies.push(Date.now() - t);
  };
  for (let i = 0; i < args.n; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, args.n - i) }, () => connectOne({})));
    await Promise.all(batch.map((s, j) => join(s, i + j)));
    for (const s of batch) s.on("stream_chat_message", onMessage);
    viewers.push(...batch);
  }
  process.stdout.write(`JOINED ${viewers.length}\n`);
  // The parent measures the server's memory with everyone connected, then says GO.
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  // Senders connect after the memory reading, which is per viewer. They are chatters who opened the stream
  // (joining reads their standing into the server's cache, as a viewer's page does) and left the room, so
  // every delivery counted and made is a viewer's.
  const senders = args.mode === "ours" ? await Promise.all(args.tokens.map((token) => connectOne({ token }))) : [await connectOne({})];
  if (args.mode === "ours")
    for (const [i, s] of senders.entries()) {
      await join(s, -1 - i);
      await s.timeout(30_000).emitWithAck("leave_stream", { streamId: args.streamId });
    }
  await new Promise((r) => setTimeout(r, 1000));

  for (const rate of args.rates) {
    received = 0;
    latencies = [];
    const total = Math.round(rate * args.seconds);
    const interval = 1000 / rate;
    const start = Date.now();
    let refused = 0;
    for (let k = 0; k < total; k++) {
      const due = start + k * interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const message = `t:${Date.now()}:${k}`;
      const sender = senders[k % senders.length]!;
      if (args.mode === "ours") sender.emit("stream_chat_message", { streamId: args.streamId, message }, (r: { success: boolean }) => void (r.success || refused++));
      else sender.emit("chat", { room: args.streamId, message });
    }
    // A refused message (slow mode under lag) is answered, not broadcast: it is counted apart, not waited for.
    const expectedNow = () => (total - refused) * viewers.length;
    const deadline = Date.now() + 5000;
    while (received < expectedNow() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const expected = expectedNow();
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    const elapsed = (Date.now() - start) / 1000;
    process.stdout.write(`${JSON.stringify({ rate, sent: total, expected, received, refused, lost: expected - received, p50: q(0.5), p99: q(0.99), deliveriesPerSec: Math.round(received / Math.max(elapsed - 0, args.seconds)) })}\n`);
    await new Promise((r) => setTimeout(r, 1500));
  }
  for (const s of viewers) s.close();
  for (const s of senders) s.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
