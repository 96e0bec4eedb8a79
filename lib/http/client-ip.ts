/** The caller's address as server.ts recorded it in x-real-ip (client-sent values are overwritten there). */
export function clientIp(req: Request): string {
  return req.headers.get("x-real-ip") ?? "local";
}
