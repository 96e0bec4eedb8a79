import WebSocket from "ws";
import { healthy } from "./fuzz-app";
import { frameWithReservedBits, pollGet, pollingOpen, pollPost, rawHttp, rawWs, sendFrames, SEP, tcpOf, upgradeRequest, waitFor, type Raw } from "./raw-socketio";

/**
 * Raw protocol cases, each on its own connection. `closes`: the server must drop the connection (a parser
 * error, a frame over maxHttpBufferSize); otherwise it must answer what the case names. After each case the
 * app must still answer /api/health.
 */
type RawCase = { name: string; run: (url: string, streamId: string) => Promise<string | null> };

const closes = (frames: (string | Buffer)[]) => async (url: string): Promise<string | null> => {
  const raw = await rawWs(url);
  const code = await sendFrames(raw, frames, 2000);
  raw.ws.terminate();
  return code === null ? "the connection stayed open" : null;
};

/** Sends frames on a joined socket and waits for a reply matching `expect`; the connection must stay usable. */
const answers = (frames: (string | Buffer)[], expect: RegExp) => async (url: string): Promise<string | null> => {
  const raw = await rawWs(url);
  await sendFrames(raw, frames, 0);
  try {
    await waitFor(() => raw.received.some((m) => typeof m === "string" && expect.test(m)), 5000, String(expect));
  } catch {
    raw.ws.terminate();
    return `no reply matching ${expect} (got ${JSON.stringify(raw.received.slice(-3)).slice(0, 300)})`;
  }
  const alive = await stillAnswers(raw);
  raw.ws.terminate();
  return alive;
};

/** An unknown event with an ack id on the same connection is still answered NOT_FOUND. */
async function stillAnswers(raw: Raw): Promise<string | null> {
  if (raw.ws.readyState !== WebSocket.OPEN) return "the connection was closed";
  raw.ws.send('4299["no_such_event",{}]');
  try {
    await waitFor(() => raw.received.some((m) => typeof m === "string" && m.startsWith("4399[") && m.includes("NOT_FOUND")), 5000, "ack 99");
    return null;
  } catch {
    return "the connection stopped answering";
  }
}

const PLACEHOLDER = (num: unknown) => `451-["join_stream",{"_placeholder":true,"num":${JSON.stringify(num)}}]`;
const notFound = /^43\d+\[\{"success":false,"error":\{"code":"(NOT_FOUND|VALIDATION_ERROR)"/;

export const RAW_CASES: RawCase[] = [
  // socket.io-parser CVE-2022-2421: attachment placeholders that index outside the attachments.
  ...["__proto__", "toString", 5, -1, "0"].map((num) => ({ name: `placeholder num ${JSON.stringify(num)} (CVE-2022-2421)`, run: closes([PLACEHOLDER(num), Buffer.from("x")]) })),
  // The parser lets a fractional index through as a missing argument: the event is refused, the connection kept.
  { name: "placeholder num 0.5", run: answers([PLACEHOLDER(0.5), Buffer.from("x")], /^42\["stream_error",\{"event":"join_stream","code":"VALIDATION_ERROR"/) },
  { name: "binary event missing an attachment, then text", run: closes(['452-["join_stream",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', Buffer.from("a"), '42["join_stream",{}]']) },
  { name: "binary frame outside a binary packet", run: closes([Buffer.from([1, 2, 3])]) },
  { name: "too many attachments", run: closes(['499999999-["x"]']) },
  { name: "illegal attachment counts", run: closes(["45a-[\"x\"]"]) },
  // socket.io-parser CVE-2023-32695: event names that are not strings; invalid payloads.
  ...['42[{"toString":"foo"}]', "42[]", "42{}", '42"x"', "42null", "42[null]", "42[[\"x\"]]", '42["disconnect"]', '42["newListener"]', '42["connect"]', '42["disconnecting"]', '42["removeListener"]'].map((f) => ({ name: `invalid event packet ${f} (CVE-2023-32695)`, run: closes([f]) })),
  // Numeric event names are valid to the parser: the server must answer them like any unknown event.
  { name: "numeric event name with an ack", run: answers(['427[42,{"a":1}]'], /^437\[\{"success":false,"error":\{"code":"NOT_FOUND"/) },
  { name: "numeric event name without an ack, and Infinity", run: answers(["42[42]", "42[1e999]", "42[-0,{}]"], /^44|^42\["stream_error"/) },
  { name: "Infinity and huge numbers in a payload", run: answers(['428["join_stream",{"streamId":1e999}]'], notFound) },
  { name: "prototype keys in a payload", run: answers(['428["join_stream",{"__proto__":{"streamId":"000000000000000000000000"},"constructor":{"prototype":{"x":1}}}]'], notFound) },
  { name: "ack for an id the server never sent", run: answers(['43999["x"]', "4312[]"], /^40/) },
  { name: "binary ack for an id the server never sent", run: answers(['461-7[{"_placeholder":true,"num":0}]', Buffer.from("z")], /^40/) },
  { name: "payload nested 7,000 deep", run: answers([`429["join_stream",${"[".repeat(7_000)}${"]".repeat(7_000)}]`], /^439\[\{"success":false,"error":\{"code":"VALIDATION_ERROR"/) },
  // Broken JSON and unknown packet types.
  ...['42["join_stream",', "42[NaN]", '42["x",{"a":1}', "47", "49", "4x", "4", "4-1"].map((f) => ({ name: `malformed socket.io packet ${f}`, run: closes([f]) })),
  // Namespaces.
  { name: "connect to an unknown namespace", run: answers(["40/admin,"], /^44\/admin,/) },
  { name: "event on a namespace not joined", run: closes(['42/nope,["join_stream",{}]']) },
  { name: "huge namespace name", run: answers([`40/${"n".repeat(10_000)},`], /^44\/n+,/) },
  { name: "connect payload not an object", run: closes(["40[1]", '40"x"']) },
  { name: "auth with an operator object", run: async (url) => {
    const raw = await rawWs(url, { connect: '40{"token":{"$ne":null},"viewerKey":["x"]}' });
    const ok = raw.received.some((m) => typeof m === "string" && /^4[04]/.test(m));
    raw.ws.terminate();
    return ok ? null : "no CONNECT answer";
  } },
  { name: "disconnect packet with data", run: closes(['41{"a":1}']) },
  { name: "a second CONNECT to the same namespace", run: closes(["40"]) },
  // Connection-state recovery: a made-up session id and offsets reach the Redis Streams adapter (XRANGE).
  ...['{"pid":"x","offset":"99999999999999999999-0"}', '{"pid":"../../x","offset":"0-0"}', '{"pid":{"$ne":1},"offset":["0-0"]}', '{"pid":"","offset":"-"}'].map((auth) => ({
    name: `recovery auth ${auth}`,
    run: async (url: string) => {
      const raw = await rawWs(url, { connect: `40${auth}` });
      const ok = raw.received.some((m) => typeof m === "string" && m.startsWith("40{"));
      raw.ws.terminate();
      return ok ? null : "not connected as a fresh session";
    },
  })),
  // "error" is no reserved name to the parser: the client's packet becomes the server socket's "error" event.
  { name: "an event named error", run: answers(['42["error",{"x":1}]', '42["error"]', '425["error"]'], /^435\[\{"success":false,"error":\{"code":"NOT_FOUND"/) },
  // Engine.IO packets.
  // Engine.IO packets the server ignores or refuses (a client's close packet only means something over polling).
  ...["7", "9", "a", "", "5", "6x", "1"].map((f) => ({ name: `engine.io packet ${JSON.stringify(f)}`, run: async (url: string) => {
    const raw = await rawWs(url);
    await sendFrames(raw, [f], 300);
    raw.ws.terminate();
    return null;
  } })),
  { name: "frame over maxHttpBufferSize", run: closes([`42["stream_chat_message",{"message":"${"x".repeat(20_000)}"}]`]) },
  { name: "frame with reserved bits RSV2/RSV3 (CVE-2022-21676)", run: async (url) => {
    const raw = await rawWs(url);
    tcpOf(raw.ws).write(frameWithReservedBits('42["x"]'));
    const code = await Promise.race([raw.closed, new Promise<null>((r) => setTimeout(() => r(null), 2000))]);
    raw.ws.terminate();
    return code === null ? "the connection stayed open" : null;
  } },
  // Upgrades: CVE-2022-41940 (a reset during an upgrade), CVE-2023-31125 (a polling transport on an upgrade).
  { name: "upgrade reset right away (CVE-2022-41940)", run: async (url) => (await rawHttp(url, upgradeRequest("/socket.io/?EIO=4&transport=websocket"), { reset: true }), null) },
  { name: "refused upgrade reset right away", run: async (url) => (await rawHttp(url, upgradeRequest("/socket.io/?EIO=9&transport=websocket"), { reset: true }), null) },
  { name: "upgrade of another path reset right away", run: async (url) => (await rawHttp(url, upgradeRequest("/not-socket-io"), { reset: true }), null) },
  { name: "upgrade of another path is not left hanging", run: async (url) => {
    const started = Date.now();
    const reply = await rawHttp(url, upgradeRequest("/_next/not-a-socket"), { ms: 6_000 });
    return Date.now() - started > 5_000 ? "the server kept an upgrade nobody handles open" : reply.startsWith("HTTP/1.1 404") ? null : `answered ${reply.slice(0, 40)}`;
  } },
  ...["transport=polling", "transport=__proto__", "transport=constructor", "transport=websocket&sid=a&sid=b", "transport=websocket&sid[]=x", "transport=websocket&EIO=3", "EIO=abc&transport=websocket", "transport=websocket&sid=unknown"].map((q) => ({
    name: `upgrade ?${q} (CVE-2023-31125)`,
    run: async (url: string) => (await rawHttp(url, upgradeRequest(`/socket.io/?EIO=4&${q}`), { ms: 800 }), null),
  })),
  { name: "websocket upgrade of a polling session with transport=polling (CVE-2023-31125)", run: async (url) => {
    const sid = await pollingOpen(url);
    await rawHttp(url, upgradeRequest(`/socket.io/?EIO=4&transport=polling&sid=${sid}`), { ms: 800 });
    return null;
  } },
  // HTTP long-polling.
  { name: "polling: broken packets in one payload", run: async (url) => {
    const sid = await pollingOpen(url);
    const r = await pollPost(url, sid, ["40", '42[42]', "42[NaN]", "9", "bAAA%%%"].join(SEP));
    return r.status >= 500 ? `status ${r.status}` : null;
  } },
  { name: "polling: body over maxHttpBufferSize", run: async (url) => {
    const sid = await pollingOpen(url);
    const r = await pollPost(url, sid, `4${"y".repeat(40_000)}`).catch(() => ({ status: 0, text: "" }));
    return r.status >= 500 ? `status ${r.status}` : null;
  } },
  { name: "polling: binary body and odd content types", run: async (url) => {
    const sid = await pollingOpen(url);
    const a = await pollPost(url, sid, Buffer.from([0xff, 0x00, 0x1e, 0x34]), { "Content-Type": "application/octet-stream" });
    const b = await pollPost(url, sid, "40", { "Content-Type": "application/json" }).catch(() => ({ status: 0, text: "" }));
    return a.status >= 500 || b.status >= 500 ? `status ${a.status}/${b.status}` : null;
  } },
  { name: "polling: unknown sid, bad EIO and transports", run: async (url) => {
    const statuses = await Promise.all(["EIO=4&transport=polling&sid=nope", "EIO=3&transport=polling", "EIO=4&transport=__proto__", "EIO=4&transport=polling&sid=a&sid=b", "EIO=4&transport=polling&sid[$ne]=x"].map(async (q) => (await pollGet(url, q)).status));
    return statuses.some((s) => s >= 500) ? `statuses ${statuses.join(",")}` : null;
  } },
  { name: "polling: overlapping GETs on one session", run: async (url) => {
    const sid = await pollingOpen(url);
    await pollPost(url, sid, "40");
    const q = `EIO=4&transport=polling&sid=${sid}`;
    const statuses = await Promise.all([pollGet(url, q), pollGet(url, q), pollGet(url, q)].map((p) => p.then((r) => r.status, () => 0)));
    return statuses.some((s) => s >= 500) ? `statuses ${statuses.join(",")}` : null;
  } },
  { name: "polling: a body shorter than its Content-Length", run: async (url) => {
    const sid = await pollingOpen(url);
    await rawHttp(url, `POST /socket.io/?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n42["x"`, { reset: true });
    return null;
  } },
];

export async function rawRound(url: string, streamId: string): Promise<{ name: string; problem: string | null; ms: number }[]> {
  const out: { name: string; problem: string | null; ms: number }[] = [];
  for (const c of RAW_CASES) {
    const started = Date.now();
    let problem = await c.run(url, streamId).catch((err: unknown) => `threw ${err instanceof Error ? err.message : String(err)}`);
    if (!problem && !(await healthy(url))) problem = "the app stopped answering /api/health";
    out.push({ name: c.name, problem, ms: Date.now() - started });
  }
  return out;
}
