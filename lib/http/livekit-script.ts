import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The pages' livekit-client script: livekit-client and the watch page's early join
 * (components/player/early-entry.ts), bundled by esbuild on their own, outside Next's chunks, so the watch
 * page can run them as soon as they arrive instead of after Next's runtime, React and the page's modules (the
 * viewer's first frame came about twice as late as on a bare livekit-client page). Next's browser bundle
 * reads livekit-client from it (lib/client/livekit-global.ts), so pages carry one copy.
 *
 * `npm run build` writes it next to Next's build (`.next/livekit/`), named by its content, with its Brotli
 * and gzip copies; the server keeps the three in memory and answers `/_next/static/lk/<name>.js` itself.
 * Development builds it when the server starts.
 */

const ENTRY = "components/player/early-entry.ts";
const OUT_DIR = path.join(".next", "livekit");
const MANIFEST = path.join(OUT_DIR, "manifest.json");
const URL_PREFIX = "/_next/static/lk/";

type Built = { name: string; raw: Buffer };

/** Bundles the script (esbuild, minified, for the browsers livekit-client supports). */
export async function bundleLivekitScript(root = process.cwd()): Promise<Built> {
  // esbuild comes with tsx; imported here only, so the server never loads it in production.
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    // A module: evaluated once per page however many <script> elements name it (the page has two), and parsed
    // lazily (an IIFE's body is compiled eagerly: 300 ms of the watch page's main thread for this bundle). It has
    // no imports, no exports and no import.meta, so it also runs as a classic script (livekit-global.ts).
    format: "esm",
    platform: "browser",
    target: ["chrome100", "firefox100", "safari15"],
    minify: true,
    legalComments: "none",
    write: false,
    tsconfig: path.join(root, "tsconfig.json"),
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const raw = Buffer.from(out.outputFiles[0]!.contents);
  const hash = createHash("sha256").update(raw).digest("base64url").slice(0, 12);
  return { name: `livekit-${hash}.js`, raw };
}

/** `npm run build`: writes the script and its compressed copies into `.next/livekit/`. */
export async function writeLivekitScript(root = process.cwd()): Promise<string> {
  const { name, raw } = await bundleLivekitScript(root);
  const dir = path.join(root, OUT_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), raw);
  fs.writeFileSync(path.join(dir, `${name}.br`), brotli(raw));
  fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(raw, { level: 9 }));
  fs.writeFileSync(path.join(root, MANIFEST), JSON.stringify({ name }));
  return name;
}

function brotli(raw: Buffer): Buffer {
  return zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
}

export type LivekitScript = {
  /** The script's path, for the pages (LIVEKIT_SCRIPT_SRC). */
  src: string;
  /** Answers a request for the script (true); false for any other path. */
  serve: (req: IncomingMessage, res: ServerResponse) => boolean;
};

/**
 * The script for this server: production reads what `npm run build` wrote (and fails clearly without it);
 * development bundles it now. `headers`: what next.config.mjs sets on every path.
 */
export async function loadLivekitScript(opts: { dev: boolean; headers?: Record<string, string>; root?: string }): Promise<LivekitScript> {
  const root = opts.root ?? process.cwd();
  let name: string;
  let raw: Buffer;
  let br: Buffer;
  let gz: Buffer;
  if (opts.dev) {
    ({ name, raw } = await bundleLivekitScript(root));
    br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    gz = zlib.gzipSync(raw);
  } else {
    let manifest: { name: string };
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(root, MANIFEST), "utf8")) as { name: string };
    } catch {
      throw new Error(`${MANIFEST} is missing: run \`npm run build\` (it bundles the pages' livekit-client script after next build)`);
    }
    name = manifest.name;
    const file = path.join(root, OUT_DIR, name);
    [raw, br, gz] = [fs.readFileSync(file), fs.readFileSync(`${file}.br`), fs.readFileSync(`${file}.gz`)];
  }
  const src = `${URL_PREFIX}${name}`;
  return {
    src,
    serve(req, res) {
      if ((req.url ?? "").split("?")[0] !== src) return false;
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const accepts = String(req.headers["accept-encoding"] ?? "");
      const [body, encoding] = /\bbr\b/.test(accepts) ? [br, "br"] : /\bgzip\b/.test(accepts) ? [gz, "gzip"] : [raw, undefined];
      res.writeHead(200, {
        ...opts.headers,
        "Content-Type": "application/javascript; charset=UTF-8",
        ...(encoding ? { "Content-Encoding": encoding } : {}),
        "Content-Length": body.length,
        // Named by its content: never changes.
        "Cache-Control": "public, max-age=31536000, immutable",
        Vary: "Accept-Encoding",
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return true;
    },
  };
}
