import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";

/**
 * Load generator (its own process): N viewers join one stream, then the parent drives it step by step over
 * stdin (`RATE <msg/s>` … `END`): senders post chat messages at that rate and every receiver records the
 * latency from the send timestamp. `batch` viewers opt in to frames (`auth.batch = 1`, as the SDK does);
 * the others are plain clients. Prints one JSON line per step, with the
 * generator's own CPU over the step (process.cpuUsage), so a step it could not keep up with shows.
 */
/** `first`: the index of the first viewer (their viewer keys), so a second crowd in the same room is n other viewers. */
type Args = { url: string; mode: "ours" | "bare"; batch: boolean; streamId: string; tokens: string[]; n: number; seconds: number; first?: number };
const args = JSON.parse(process.env.FANOUT_ARGS ?? "{}") as Args;
/** Viewers joining at once (each batch waits for the previous one's answers). */
const JOIN_BATCH = Number(process.env.FANOUT_JOIN_BATCH ?? 100);

function connectOne(auth: Record<string, string | number>): Promise<Socket> {
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

let received = 0;
let frames = 0;
/** Viewers the server closed after they joined (so far, over the whole run). */
let closed = 0;
let latencies: number[] = [];
/** Three everyday words, as a chat line would carry. */
const WORDS = ["nice", "play", "wow", "gg", "that", "was", "close", "again", "let's", "go", "team", "great", "shot", "hello", "from", "here", "love", "this", "song", "what", "a", "save", "lol", "clutch", "round", "next", "map", "good", "luck", "everyone", "hype", "chat"];
function chatter(): string {
  const pick = () => WORDS[Math.floor(Math.random() * WORDS.length)]!;
  return `${pick()} ${pick()} ${pick()}`;
}
/** Messages read `t:<sent at>:<step>:<k> <words>`: a late delivery from an earlier step is not counted in this one. */
const STAMP = /"message":"t:(\d+):(\d+):/g;
let stepNo = 0;
/**
 * The next sender, carried across steps: each sender speaks once per round of all of them, also where one step
 * ends and the next begins. Restarting at the first sender every step made the senders that had just spoken
 * at a step's end speak again within the channel's 1 s slow mode, which refused them (a refusal the bench
 * counted against the pipeline).
 */
let nextSender = 0;
/** One frame (a message alone, or a batch of them): every chat message's send time, found in one scan. */
function onFrame(m: string) {
  if (!m.startsWith("42")) return;
  frames += 1;
  const now = Date.now();
  for (const hit of m.matchAll(STAMP)) {
    if (Number(hit[2]) !== stepNo) continue;
    received += 1;
    latencies.push(now - Number(hit[1]));
  }
}

/**
 * A viewer as a bare WebSocket speaking the Engine.IO/Socket.IO wire protocol itself (open, CONNECT with
 * the auth, pings, one acknowledged join), reading each frame with one scan for the send timestamps instead
 * of socket.io-client's full decode: thousands of clients in one process must cost far less than the server
 * they measure, or the figure would be the generator's. Plain viewers get `42["stream_chat_message",…]`,
 * batched ones `42["stream_batch",[…]]`; both carry the timestamps the same way. (The SDK's own unpacking
 * is checked by tests/chat-batching.test.ts.)
 */
function viewer(i: number, auth: Record<string, number>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${args.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    const join = args.mode === "ours" ? ["join_stream", { streamId: args.streamId, viewerKey: `bench-viewer-${i}` }] : ["join", args.streamId];
    let joined = false;
    const fail = (why: string) => {
      ws.terminate();
      reject(new Error(why));
    };
    ws.on("error", (err) => (joined ? undefined : fail(String(err))));
    // A server too far behind misses pings and drops its viewers: every later step would deliver nothing.
    ws.on("close", () => joined && (closed += 1));
    ws.on("message", (raw: Buffer) => {
      const m = raw.toString();
      if (m === "2") ws.send("3");
      else if (joined) onFrame(m);
      else if (m.startsWith("0{")) ws.send(`40${JSON.stringify(auth)}`);
      else if (m.startsWith("40")) ws.send(`421${JSON.stringify(join)}`);
      else if (m.startsWith("44")) fail(`connect refused: ${m}`);
      else if (m.startsWith("431")) {
        if (!m.includes('"success":true')) return fail(`join failed: ${m}`);
        joined = true;
        resolve(ws);
      }
    });
  });
}

const lines: string[] = [];
let wake: (() => void) | null = null;
let buf = "";
process.stdin.on("data", (d: Buffer) => {
  buf += d.toString();
  let i;
  while ((i = buf.indexOf("\n")) >= 0) {
    lines.push(buf.slice(0, i).trim());
    buf = buf.slice(i + 1);
  }
  wake?.();
});
async function command(): Promise<string> {
  while (!lines.length) await new Promise<void>((r) => (wake = r));
  return lines.shift() ?? "END";
}

/** Waits until no frame has come for half a second (at most 20 s): an overloaded step's backlog must not spill into the next. */
async function quiet(): Promise<void> {
  const end = Date.now() + 20_000;
  let seen = -1;
  while (seen !== frames && Date.now() < end) {
    seen = frames;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function step(senders: Socket[], viewers: number, rate: number) {
  await quiet();
  stepNo += 1;
  received = 0;
  frames = 0;
  latencies = [];
  const total = Math.max(1, Math.round(rate * args.seconds));
  const interval = 1000 / rate;
  const cpu0 = process.cpuUsage();
  const start = Date.now();
  let refused = 0;
  // Why the server refused (slow mode, a channel filter, a rate limit): a refusal ends the rate search, so it must say which rule.
  const refusedBy: Record<string, number> = {};
  for (let k = 0; k < total; k++) {
    const due = start + k * interval;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Words after the stamp, so that one sender's lines differ as people's do: stamps alone are near-repeats
    // of each other, and the channel's auto-moderation refused them (REPEATED_MESSAGE) at higher rates.
    const message = `t:${Date.now()}:${stepNo}:${k} ${chatter()}`;
    const sender = senders[nextSender++ % senders.length]!;
    if (args.mode === "ours") {
      sender.emit("stream_chat_message", { streamId: args.streamId, message }, (r: { success: boolean; error?: { code?: string } }) => {
        if (r.success) return;
        refused++;
        const code = r.error?.code ?? "?";
        refusedBy[code] = (refusedBy[code] ?? 0) + 1;
      });
    }
    else sender.emit("chat", { room: args.streamId, message });
  }
  const sendEnd = Date.now();
  // A refused message (slow mode under lag) is answered, not broadcast: it is counted apart, not waited for.
  const expectedNow = () => (total - refused) * viewers;
  const deadline = Date.now() + 5000;
  while (received < expectedNow() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const end = Date.now();
  const cpu = process.cpuUsage(cpu0);
  const expected = expectedNow();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    rate,
    sent: total,
    expected,
    received,
    refused,
    refusedBy,
    lost: expected - received,
    p50: q(0.5),
    p99: q(0.99),
    deliveriesPerSec: Math.round(received / Math.max((end - start) / 1000, args.seconds)),
    framesPerSec: Math.round(frames / Math.max((end - start) / 1000, args.seconds)),
    // The generator's own CPU while sending and receiving, as a share of one core: near 100 % it is the limit.
    genCpu: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, end - start)) * 100),
    sendLagMs: Math.max(0, sendEnd - (start + (total - 1) * interval)),
    closed,
  };
}

async function main() {
  const viewers: WebSocket[] = [];
  const auth: Record<string, number> = args.batch ? { batch: 1 } : {};
  // Joins go in parallel batches (JOIN_BATCH at a time); each one's time from opening its socket to the join's answer is kept.
  const joinStart = Date.now();
  const joinMs: number[] = [];
  const timed = async (i: number) => {
    const t0 = Date.now();
    const ws = await viewer(i, auth);
    joinMs.push(Date.now() - t0);
    return ws;
  };
  for (let i = 0; i < args.n; i += JOIN_BATCH) viewers.push(...(await Promise.all(Array.from({ length: Math.min(JOIN_BATCH, args.n - i) }, (_, j) => timed((args.first ?? 0) + i + j)))));
  joinMs.sort((a, b) => a - b);
  const jq = (p: number) => joinMs[Math.min(joinMs.length - 1, Math.floor(p * joinMs.length))] ?? NaN;
  process.stdout.write(`JOINED ${viewers.length} ${JSON.stringify({ totalMs: Date.now() - joinStart, p50: jq(0.5), p99: jq(0.99), max: joinMs.at(-1) ?? NaN })}\n`);
  // The parent measures the server's memory with everyone connected, then says GO.
  await command();
  // Senders connect after the memory reading, which is per viewer. They are chatters who opened the stream
  // (joining reads their standing into the server's cache, as a viewer's page does) and left the room, so
  // every delivery counted and made is a viewer's.
  const senders = args.mode === "ours" ? await Promise.all(args.tokens.map((token) => connectOne({ token }))) : [await connectOne({})];
  if (args.mode === "ours")
    for (let i = 0; i < senders.length; i += JOIN_BATCH)
      await Promise.all(
        senders.slice(i, i + JOIN_BATCH).map(async (s, j) => {
          await join(s, -1 - i - j);
          await s.timeout(30_000).emitWithAck("leave_stream", { streamId: args.streamId });
        }),
      );
  await new Promise((r) => setTimeout(r, 1000));
  process.stdout.write("READY\n");
  for (let c = await command(); c.startsWith("RATE "); c = await command()) {
    process.stdout.write(`${JSON.stringify(await step(senders, viewers.length, Number(c.slice(5))))}\n`);
    // Let the server's queues drain (and slow mode's second pass) before the next step.
    await new Promise((r) => setTimeout(r, 1500));
  }
  for (const s of viewers) s.terminate();
  for (const s of senders) s.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
