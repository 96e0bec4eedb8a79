import "server-only";
import path from "node:path";
import { BlockList, isIP } from "node:net";
import maxmind, { type Reader, type Response } from "maxmind";
import Bowser from "bowser";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";
import { DEVICE_TYPES, type DeviceType } from "@/lib/analytics/schemas";

/** What a viewer session records about the viewer's client; never the address itself. */
export type ClientInfo = { country: string; browser: string; os: string; deviceType: DeviceType };

type CountryRecord = { country_code?: string };

/** Addresses no database can place: loopback, private, link-local, CGNAT, unique-local. */
const UNPLACEABLE = (() => {
  const list = new BlockList();
  for (const [a, bits] of [["127.0.0.0", 8], ["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["169.254.0.0", 16], ["100.64.0.0", 10], ["0.0.0.0", 8]] as const) list.addSubnet(a, bits, "ipv4");
  for (const [a, bits] of [["::1", 128], ["fc00::", 7], ["fe80::", 10], ["::", 128]] as const) list.addSubnet(a, bits, "ipv6");
  return list;
})();

// The GeoLite2 country database shipped in @ip-location-db/geolite2-country-mmdb, read offline, opened once.
const g = processSingleton("analytics.geo", () => ({ reader: undefined as Promise<Reader<Response> | null> | undefined }));

function geoReader(): Promise<Reader<Response> | null> {
  g.reader ??= maxmind
    .open<Response>(path.join(process.cwd(), "node_modules/@ip-location-db/geolite2-country-mmdb/geolite2-country.mmdb"), { cache: { max: 10_000 } })
    .catch((err: unknown) => {
      log.warn("geo database not available: every country is ZZ", { err: String(err) });
      return null;
    });
  return g.reader;
}

/** ISO 3166-1 alpha-2 of a client address, "ZZ" when it cannot be placed. */
export async function countryOf(ip: string | null | undefined): Promise<string> {
  const addr = (ip ?? "").replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  const family = isIP(addr);
  if (!family || UNPLACEABLE.check(addr, family === 6 ? "ipv6" : "ipv4")) return "ZZ";
  // This database's records are `{ country_code }`, not MaxMind's own shape.
  const record = (await geoReader())?.get(addr) as CountryRecord | null | undefined;
  const code = record?.country_code ?? "";
  return /^[A-Z]{2}$/.test(code) ? code : "ZZ";
}

const TYPES: Record<string, DeviceType> = { desktop: "desktop", mobile: "mobile", tablet: "tablet", tv: "tv", bot: "bot" };

/** Browser, OS and device type from a User-Agent (bowser); "Other"/"unknown" when absent or unrecognised. */
export function deviceOf(userAgent: string | null | undefined): Omit<ClientInfo, "country"> {
  const ua = (userAgent ?? "").slice(0, 512);
  if (!ua) return { browser: "Other", os: "Other", deviceType: "unknown" };
  const p = Bowser.parse(ua);
  const type = TYPES[p.platform.type ?? ""] ?? "unknown";
  return {
    browser: (p.browser.name ?? "").slice(0, 40) || "Other",
    os: (p.os.name ?? "").slice(0, 40) || "Other",
    deviceType: (DEVICE_TYPES as readonly string[]).includes(type) ? type : "unknown",
  };
}

export async function clientInfoOf(client: { ip?: string | null; userAgent?: string | null } | null): Promise<ClientInfo> {
  return { country: await countryOf(client?.ip), ...deviceOf(client?.userAgent) };
}
