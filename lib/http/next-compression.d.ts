// Next's own copy of the `compression` middleware (1.7.x: gzip or deflate, 1 kB threshold), which its router
// server runs on every reply; lib/http/fast-reads.ts runs the same one so its replies are encoded as Next's.
declare module "next/dist/compiled/compression" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export default function compression(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}
