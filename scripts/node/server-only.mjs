// Loaded with `--import` by every Node process that runs server code outside Next (server.ts, the demo
// seed, unit tests). Server modules say `import "server-only"`, which Next checks when it bundles (a client
// component that reaches one fails the build); plain Node resolves the marker to its empty server build.
import { register } from "node:module";

register("./server-only-resolve.mjs", import.meta.url);
