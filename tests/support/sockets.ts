import { io, type Socket } from "socket.io-client";
import { BASE } from "./http";

export type Ack<T = unknown> = { success: boolean; data?: T; error?: { code: string; message: string; details?: unknown } };

const open: Socket[] = [];

/** A socket.io-client connection to the app under test (or another process), closed by closeAll. */
export function connect(opts: { token?: string; url?: string; extraHeaders?: Record<string, string> } = {}): Socket {
  const s = io(opts.url ?? BASE, { transports: ["websocket"], reconnection: false, forceNew: true, auth: opts.token ? { token: opts.token } : {}, extraHeaders: opts.extraHeaders });
  open.push(s);
  return s;
}

export async function connected(s: Socket): Promise<Socket> {
  if (s.connected) return s;
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", (e) => reject(e));
  });
  return s;
}

export function ack<T = unknown>(s: Socket, event: string, payload?: unknown, ms = 5000): Promise<Ack<T>> {
  return s.timeout(ms).emitWithAck(event, payload) as Promise<Ack<T>>;
}

export function next<T>(s: Socket, event: string, ms = 5000, filter: (d: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      s.off(event, on);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const on = (d: T) => {
      if (!filter(d)) return;
      clearTimeout(t);
      s.off(event, on);
      resolve(d);
    };
    s.on(event, on);
  });
}

/** Collects every payload of an event until read. */
export function collect<T>(s: Socket, event: string): T[] {
  const out: T[] = [];
  s.on(event, (d: T) => out.push(d));
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}

export function closeAll(): void {
  for (const s of open.splice(0)) s.close();
}
