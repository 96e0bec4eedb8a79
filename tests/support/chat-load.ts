import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import net from "node:net";
import type { TestContext } from "node:test";
import mongoose from "mongoose";
import { io, type Socket } from "socket.io-client";
import { EnhancedLiveStreamClient } from "@/lib/client/enhanced-live-stream-client";

/**
 * Chat under faults, shared by tests/chat-faults.test.ts (suite scale) and `npm run bench faults` (10,000
 * messages): senders post through the full pipeline over Socket.IO with acknowledgements; viewers are SDK
 * clients (EnhancedLiveStreamClient) spread over the app processes; a share of them drop during the run,
 * half by losing the network (Socket.IO restores the session) and half by losing the session (the SDK
 * rejoins with `since` and catches up). `midRun` runs a fault of the caller's (a Redis restart) halfway.
 */
export type ChatLoadOptions = {
  urls: string[];
  streamId: string;
  senderTokens: string[];
  viewers: number;
  messages: number;
  dropShare: number;
  /** How long the sending should take. */
  seconds: number;
  /** The stream's database, to check every acknowledged message was persisted. */
  mongoUri: string;
  midRun?: () => Promise<void>;
  /** The share of viewers that do not ask for frames (`batch: false`): they sit in the plain room, one event per message. */
  plainShare?: number;
  /** How long viewers may take to receive everything after the last acknowledgement. */
  settleMs?: number;
  log?: (line: string) => void;
};

export type ChatLoadReport = {
  sent: number;
  acked: number;
  refused: Record<string, number>;
  persisted: number;
  lostPersisted: number;
  viewers: number;
  drops: { network: number; session: number };
  recovered: number;
  caughtUp: number;
  catchUpMs: number[];
  catchUpMessages: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  /** Viewers missing anything at the end, by how they dropped ("none": stayed). */
  incomplete: number;
  incompleteBy: Record<string, number>;
  settleMs: number;
};

type Viewer = { client: EnhancedLiveStreamClient; got: string[]; ids: Set<string>; url: string; plain: boolean; dropped?: "network" | "session" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function dropNetwork(s: Socket): void {
  (s.io.engine as unknown as { transport: { ws?: { _socket?: net.Socket } } }).transport.ws?._socket?.destroy();
}

/** Every SDK client the load opened: all are closed when it ends, also when it fails (or the test process would hang). */
const opened = new Set<EnhancedLiveStreamClient>();

async function openViewer(url: string, streamId: string, plain = false): Promise<Viewer> {
  // A join that times out on a loaded machine is tried again with a fresh client (the first may be in the room).
  for (let attempt = 1; ; attempt++) {
    const client = new EnhancedLiveStreamClient({ serverUrl: url, ...(plain ? { batch: false } : {}) });
    opened.add(client);
    const v: Viewer = { client, got: [], ids: new Set(), url, plain };
    client.on("stream_chat_message", (m) => {
      if (m.streamId !== streamId) return;
      v.got.push(m.id);
      v.ids.add(m.id);
    });
    try {
      await client.connect();
      await client.joinStream(streamId);
      return v;
    } catch (err) {
      client.disconnect();
      opened.delete(client);
      if (attempt >= 5) throw err;
      await sleep(1000 * attempt);
    }
  }
}

const ackedAt = new Map<string, number>();
const senderOf = new Map<string, string>();

async function sendAll(url: string, token: string, streamId: string, count: number, gapMs: number, tag: string, acked: string[], refused: Record<string, number>): Promise<void> {
  const s = io(url, { transports: ["websocket"], auth: { token }, forceNew: true });
  try {
    for (let i = 0; i < count; i++) {
      const res = (await s.timeout(20_000).emitWithAck("stream_chat_message", { streamId, message: `${tag} #${i}` }).catch((e: unknown) => ({ success: false, error: { code: String(e) } }))) as { success: boolean; data?: { id: string }; error?: { code: string } };
      if (res.success && res.data) {
        acked.push(res.data.id);
        ackedAt.set(res.data.id, Date.now());
        senderOf.set(res.data.id, `${tag}@${url.slice(-5)}`);
      }
      else refused[res.error?.code ?? "?"] = (refused[res.error?.code ?? "?"] ?? 0) + 1;
      await sleep(gapMs);
    }
  } finally {
    s.close();
  }
}

async function persistedIds(mongoUri: string, streamId: string): Promise<Set<string>> {
  const conn = await mongoose.createConnection(mongoUri).asPromise();
  try {
    const rows = await conn.collection("chatmessages").find({ stream: new mongoose.Types.ObjectId(streamId) }, { projection: { _id: 1 } }).toArray();
    return new Set(rows.map((r) => r._id.toString()));
  } finally {
    await conn.close();
  }
}

export async function runChatLoad(o: ChatLoadOptions): Promise<ChatLoadReport> {
  try {
    return await load(o);
  } finally {
    for (const c of opened) c.disconnect();
    opened.clear();
  }
}

async function load(o: ChatLoadOptions): Promise<ChatLoadReport> {
  const t0 = Date.now();
  const log = (line: string) => {
    process.stderr.write(`[chat-load +${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}\n`);
    o.log?.(line);
  };
  const viewers: Viewer[] = [];
  // The first requests to a fresh app process are slow (code loading, connections): one join each first.
  for (const url of o.urls) (await openViewer(url, o.streamId)).client.disconnect();
  for (let i = 0; i < o.viewers; i += 20) viewers.push(...(await Promise.all(Array.from({ length: Math.min(20, o.viewers - i) }, (_, j) => openViewer(o.urls[(i + j) % o.urls.length]!, o.streamId, (i + j) % 8 < 8 * (o.plainShare ?? 0))))));
  log(`${viewers.length} viewers joined over ${o.urls.length} process(es)`);
  const report: ChatLoadReport = { sent: 0, acked: 0, refused: {}, persisted: 0, lostPersisted: 0, viewers: viewers.length, drops: { network: 0, session: 0 }, recovered: 0, caughtUp: 0, catchUpMs: [], catchUpMessages: 0, missing: 0, duplicates: 0, outOfOrder: 0, incomplete: 0, incompleteBy: {}, settleMs: 0 };
  for (const [i, v] of viewers.entries()) {
    if (process.env.CHAT_LOAD_DEBUG) {
      v.client.on("connected", (c) => log(`viewer ${i} connected, recovered ${c.recovered}`));
      v.client.on("disconnected", (c) => log(`viewer ${i} disconnected: ${c.reason}`));
      v.client.on("chat_caught_up", (c) => log(`viewer ${i} caught up: ${c.messages} messages in ${c.ms} ms (recovered ${c.recovered})`));
      v.client.on("stream_error", (e) => log(`viewer ${i} stream_error ${JSON.stringify(e)}`));
    }
    v.client.on("connected", (c) => c.recovered && report.recovered++);
    v.client.on("chat_caught_up", (c) => {
      if (!c.recovered) report.caughtUp++;
      report.catchUpMs.push(c.ms);
      report.catchUpMessages += c.messages;
    });
  }

  const acked: string[] = [];
  const perSender = Math.ceil(o.messages / o.senderTokens.length);
  const gapMs = Math.max(0, (o.seconds * 1000) / perSender);
  report.sent = perSender * o.senderTokens.length;
  const sending = Promise.all(o.senderTokens.map((t, i) => sendAll(o.urls[i % o.urls.length]!, t, o.streamId, perSender, gapMs, `s${i}`, acked, report.refused)));

  // The drops, spread over the run's middle: half lose the network, half lose the session.
  const droppers = viewers.filter((_, i) => i % Math.round(1 / o.dropShare) === 0);
  const drops = droppers.map(async (v, i) => {
    await sleep(o.seconds * 1000 * (0.1 + 0.6 * Math.random()));
    const s = v.client.socket!;
    v.dropped = i % 2 === 0 ? "network" : "session";
    if (i % 2 === 0) {
      report.drops.network++;
      dropNetwork(s);
    } else {
      report.drops.session++;
      s.disconnect();
      await sleep(300 + Math.random() * 1500);
      s.connect();
    }
  });
  const fault = o.midRun ? sleep((o.seconds * 1000) / 2).then(() => log("fault starts")).then(o.midRun).then(() => log("fault over")) : Promise.resolve();
  await Promise.all([sending, ...drops, fault]);
  report.acked = acked.length;
  log(`sent ${report.sent}, acknowledged ${acked.length}, refused ${JSON.stringify(report.refused)}; drops ${JSON.stringify(report.drops)}`);

  // Every viewer must end with every acknowledged message.
  const expected = new Set(acked);
  const settleStart = Date.now();
  const complete = (v: Viewer) => v.ids.size >= expected.size && acked.every((id) => v.ids.has(id));
  const gotAll = () => viewers.every(complete);
  while (Date.now() - settleStart < (o.settleMs ?? 30_000) && !gotAll()) await sleep(250);
  report.settleMs = Date.now() - settleStart;
  log(`settled after ${report.settleMs} ms`);

  const persisted = await persistedIds(o.mongoUri, o.streamId);
  report.persisted = acked.filter((id) => persisted.has(id)).length;
  report.lostPersisted = acked.length - report.persisted;
  for (const v of viewers) {
    const seen = new Set<string>();
    let last = "";
    let missing = expected.size;
    for (const id of v.got) {
      if (seen.has(id)) report.duplicates++;
      else if (expected.has(id)) missing--;
      seen.add(id);
      if (id < last) report.outOfOrder++;
      last = id > last ? id : last;
    }
    report.missing += missing;
    if (missing && process.env.CHAT_LOAD_DEBUG) log(`viewer ${viewers.indexOf(v)} on ${v.url} (${v.dropped ?? "stayed"}${v.plain ? ", plain" : ""}) misses ${acked.filter((id) => !seen.has(id)).map((id) => `${id}@${ackedAt.get(id)! - t0}ms:${senderOf.get(id)}`).join(" ")}`);
    if (missing) {
      report.incomplete++;
      report.incompleteBy[v.dropped ?? "none"] = (report.incompleteBy[v.dropped ?? "none"] ?? 0) + 1;
    }
  }
  for (const v of viewers) v.client.disconnect();
  log(describeReport(report));
  return report;
}

export function describeReport(r: ChatLoadReport): string {
  const ms = [...r.catchUpMs].sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)] ?? NaN;
  return [
    `messages: ${r.sent} sent, ${r.acked} acknowledged, refused ${JSON.stringify(r.refused)}; persisted ${r.persisted} of the acknowledged (lost ${r.lostPersisted})`,
    `viewers: ${r.viewers}; drops: ${r.drops.network} network (restored by Socket.IO: ${r.recovered}), ${r.drops.session} session (caught up by the SDK: ${r.caughtUp}, ${r.catchUpMessages} messages from history)`,
    `catch-up time (both kinds): median ${q(0.5)} ms, max ${ms.at(-1) ?? NaN} ms; every viewer complete ${r.settleMs} ms after the last acknowledgement`,
    `missing ${r.missing} (viewers incomplete: ${r.incomplete} ${JSON.stringify(r.incompleteBy)}), duplicates ${r.duplicates}, out of order ${r.outOfOrder}`,
  ].join("\n");
}

/** Accounts that post (sending needs no confirmed address), registered through the API. */
export async function registerSenders(url: string, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = Array.from({ length: Math.min(20, n - i) }, async () => {
      const username = `cf_${randomBytes(5).toString("hex")}`;
      const res = await fetch(`${url}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, email: `${username}@example.test`, password: randomBytes(9).toString("hex") }) });
      const body = (await res.json()) as { data?: { token: string } };
      if (!body.data) throw new Error(`register: ${res.status}`);
      return body.data.token;
    });
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}

export function printReport(t: TestContext, r: ChatLoadReport): void {
  for (const line of describeReport(r).split("\n")) t.diagnostic(line);
}

export function assertNothingLost(r: ChatLoadReport, opts: { ordered: boolean }): void {
  assert.equal(r.acked + Object.values(r.refused).reduce((a, b) => a + b, 0), r.sent);
  assert.ok(r.acked >= r.sent * 0.95, `most messages acknowledged: ${JSON.stringify(r.refused)}`);
  assert.equal(r.lostPersisted, 0, "every acknowledged message is in the history");
  assert.equal(r.missing, 0, `every viewer has every message (${r.incomplete} incomplete: ${JSON.stringify(r.incompleteBy)})`);
  assert.equal(r.duplicates, 0, "no message twice");
  if (opts.ordered) assert.equal(r.outOfOrder, 0, "in order");
}
