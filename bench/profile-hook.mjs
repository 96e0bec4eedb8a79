// Profiling hook for `npm run bench chat` (FANOUT_PROFILE_DIR): Node refuses --cpu-prof in NODE_OPTIONS, so
// the app process (the one running server.ts) runs V8's sampling profiler itself through the inspector and
// writes app-<pid>-<n>.cpuprofile every FANOUT_PROFILE_SLICE_S seconds (180) and when it is told to stop;
// SIGUSR2 writes a heap snapshot (the bench sends it with every viewer connected). Open both in Chrome
// DevTools, or summarise them with bench/profile-summary.ts.
import { Session } from "node:inspector";
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";

const dir = process.env.FANOUT_PROFILE_DIR;
// Only the process that runs server.ts itself (tsx's own launcher also sees it in argv, and runs no app code).
if (dir && process.argv[1]?.endsWith("server.ts")) {
  fs.mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  let slice = 0;
  // The in-process inspector answers synchronously, so this also works inside `exit` and before the app's
  // own SIGTERM handler (registered after this hook) starts closing.
  const write = (again) => {
    session.post("Profiler.stop", (err, res) => err || fs.writeFileSync(path.join(dir, `app-${process.pid}-${++slice}.cpuprofile`), JSON.stringify(res.profile)));
    if (again) session.post("Profiler.start");
  };
  const timer = setInterval(() => write(true), Number(process.env.FANOUT_PROFILE_SLICE_S ?? 180) * 1000);
  timer.unref();
  let done = false;
  const last = () => {
    if (done) return;
    done = true;
    clearInterval(timer);
    write(false);
  };
  process.once("SIGTERM", last);
  process.once("SIGINT", last);
  process.once("exit", last);
  process.on("SIGUSR2", () => v8.writeHeapSnapshot(path.join(dir, `app-${process.pid}-${Date.now()}.heapsnapshot`)));
  // The bench signals this process only (SIGUSR2 would end tsx's launcher, and the app with it).
  fs.writeFileSync(path.join(dir, "app.pid"), String(process.pid));
}
