import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import type { TrustedProxies } from "@/lib/config";

const ALIASES: Record<string, (readonly [string, number])[]> = {
  loopback: [["127.0.0.0", 8], ["::1", 128]],
  private: [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["fc00::", 7]],
};

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) is `1.2.3.4`; anything else stays as it is. */
function normalise(addr: string): string {
  const a = addr.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped?.[1] ?? a;
}

const blockLists = new WeakMap<TrustedProxies, BlockList>();

function addEntry(list: BlockList, entry: string): void {
  for (const [addr, bits] of ALIASES[entry] ?? [[entry.split("/")[0] ?? "", entry.includes("/") ? Number(entry.split("/")[1]) : -1]]) {
    const family = isIP(addr) === 6 ? "ipv6" : "ipv4";
    if (bits < 0) list.addAddress(addr, family);
    else list.addSubnet(addr, bits, family);
  }
}

function trustedList(trust: Extract<TrustedProxies, { kind: "list" }>): BlockList {
  let list = blockLists.get(trust);
  if (!list) {
    list = new BlockList();
    for (const entry of trust.entries) addEntry(list, entry);
    blockLists.set(trust, list);
  }
  return list;
}

function isTrusted(list: BlockList, addr: string): boolean {
  const family = isIP(addr);
  return family !== 0 && list.check(addr, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address as the trusted proxies saw it. X-Forwarded-For is written left to right by each hop,
 * and its left-most entries are whatever the client sent, so it is read from the right: the connection's
 * peer, then one entry per trusted hop (`hops`) or while the address is a trusted proxy (`list`). Without
 * trusted proxies the header is ignored. An entry that is not an address stops the walk at the hop that
 * received it, so a malformed header cannot name a bucket of its own.
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustedProxies): string {
  const peer = normalise(remote ?? "") || "unknown";
  if (trust.kind === "none") return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  // Nearest hop first: the peer, then X-Forwarded-For from its right end.
  const chain = [peer, ...header.split(",").map(normalise).filter(Boolean).reverse()];
  if (trust.kind === "hops") {
    let i = 0;
    while (i < trust.hops && i + 1 < chain.length && isIP(chain[i + 1] ?? "")) i++;
    return chain[i] ?? peer;
  }
  const list = trustedList(trust);
  let i = 0;
  while (i + 1 < chain.length && isTrusted(list, chain[i] ?? "") && isIP(chain[i + 1] ?? "")) i++;
  return chain[i] ?? peer;
}

/** Records the client's address in x-real-ip for the request's handlers, replacing whatever a client sent. */
export function stampClientIp(req: IncomingMessage, trust: TrustedProxies): void {
  req.headers["x-real-ip"] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trust);
}

/** The caller's address as server.ts recorded it in x-real-ip (client-sent values are overwritten there). */
export function clientIp(req: { headers: { get(name: string): string | null } }): string {
  return req.headers.get("x-real-ip") ?? "local";
}
