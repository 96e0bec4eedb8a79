import net from "node:net";
import { randomBytes } from "node:crypto";
import WebSocket from "ws";

/**
 * Engine.IO v4 / Socket.IO v5 spoken by hand, to send what no client library would: packets from published
 * advisories, invalid types, broken JSON, bad attachments and namespaces, frames over the size limit.
 */

export type Raw = { ws: WebSocket; received: (string | Buffer)[]; closed: Promise<number> };

const wsUrl = (base: string, query: string) => `${base.replace(/^http/, "ws")}/socket.io/?${query}`;

/** A WebSocket that has done the Engine.IO handshake and, unless `namespace` is null, joined "/" (`40`). */
export async function rawWs(base: string, opts: { query?: string; connect?: string | null } = {}): Promise<Raw> {
  const ws = new WebSocket(wsUrl(base, opts.query ?? "EIO=4&transport=websocket"));
  const received: (string | Buffer)[] = [];
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  ws.on("error", () => undefined);
  ws.on("message", (data, isBinary) => {
    const msg = isBinary ? (data as Buffer) : data.toString();
    received.push(msg);
    // Answer the server's pings, as a client must.
    if (msg === "2") ws.send("3");
  });
  await waitFor(() => received.some((m) => typeof m === "string" && m.startsWith("0{")), 5000, "engine.io open packet");
  const connect = opts.connect === undefined ? "40" : opts.connect;
  if (connect !== null) {
    ws.send(connect);
    await waitFor(() => received.some((m) => typeof m === "string" && /^4[04]/.test(m)), 5000, "socket.io CONNECT reply");
  }
  return { ws, received, closed };
}

export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Sends frames (a Buffer goes as a binary frame), then waits for the server to close or `ms` to pass. */
export async function sendFrames(raw: Raw, frames: (string | Buffer)[], ms = 400): Promise<number | null> {
  for (const f of frames) if (raw.ws.readyState === WebSocket.OPEN) raw.ws.send(f, { binary: Buffer.isBuffer(f) });
  return Promise.race([raw.closed, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
}

/** A masked client frame with the reserved bits RSV2 and RSV3 set (CVE-2022-21676): invalid by RFC 6455. */
export function frameWithReservedBits(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x80 | 0x20 | 0x10 | 0x1, 0x80 | payload.length]), mask, masked]);
}

/** The socket under a `ws` WebSocket, to write bytes the library would not. */
export function tcpOf(ws: WebSocket): net.Socket {
  return (ws as unknown as { _socket: net.Socket })._socket;
}

/**
 * An HTTP request written by hand on a TCP socket; with `reset` the connection is reset (RST) right after
 * (the ECONNRESET on an upgrade of CVE-2022-41940). Resolves with what came back before the socket closed.
 */
export function rawHttp(base: string, request: string, opts: { reset?: boolean; ms?: number } = {}): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), hostname);
    let out = "";
    const done = () => resolve(out);
    sock.on("data", (d) => (out += d.toString("latin1")));
    sock.on("error", () => undefined);
    sock.on("close", done);
    sock.on("connect", () => {
      sock.write(request);
      if (opts.reset) setTimeout(() => sock.resetAndDestroy(), 20);
    });
    setTimeout(() => sock.destroy(), opts.ms ?? 1000);
  });
}

export function upgradeRequest(path: string, extra = ""): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\n${extra}\r\n`;
}

/** An HTTP long-polling session: the open packet's sid, and GET/POST against it. */
export async function pollingOpen(base: string): Promise<string> {
  const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling`);
  const text = await res.text();
  const sid = (JSON.parse(text.slice(1)) as { sid: string }).sid;
  return sid;
}

export async function pollPost(base: string, sid: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, { method: "POST", body: typeof body === "string" ? body : new Uint8Array(body), headers: { "Content-Type": "text/plain;charset=UTF-8", ...headers }, signal: AbortSignal.timeout(5000) });
  return { status: res.status, text: await res.text() };
}

export async function pollGet(base: string, query: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}/socket.io/?${query}`, { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, text: await res.text() };
}

/** Engine.IO's record separator between packets in one polling payload. */
export const SEP = "\x1e";
