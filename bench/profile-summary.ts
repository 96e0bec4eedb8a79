import fs from "node:fs";

/**
 * Summarises what bench/profile-hook.mjs wrote: `tsx bench/profile-summary.ts <file.cpuprofile>` prints the
 * top functions by self time; `... <file.heapsnapshot> [viewers]` the heap by constructor (self size, count,
 * and bytes per viewer when given). Enough to say where time and memory go (PERF-NOTES.md).
 */
type CpuNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type CpuProfile = { nodes: CpuNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function cpu(file: string, top: number) {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byNode = new Map<number, number>();
  p.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const us = byNode.get(n.id) ?? 0;
    total += us;
    const url = n.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(lib|app|server)/, "$1");
    const key = `${n.callFrame.functionName || "(anonymous)"} ${url}:${n.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const idle = [...byFn].filter(([k]) => k.startsWith("(idle)")).reduce((s, [, v]) => s + v, 0);
  process.stdout.write(`profile ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s, busy ${((total - idle) / 1e6).toFixed(1)} s\n`);
  for (const [k, us] of [...byFn].filter(([k2]) => !k2.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((100 * us) / (total - idle)).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}\n`);
  }
}

type Snapshot = { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };

function heap(file: string, top: number, viewers: number) {
  const s = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const [iType, iName, iSize] = [f.indexOf("type"), f.indexOf("name"), f.indexOf("self_size")];
  const types = s.snapshot.meta.node_types[0];
  const agg = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]!] ?? "?";
    const name = type === "object" || type === "closure" || type === "native" ? (s.strings[s.nodes[i + iName]!] ?? "?") : `(${type})`;
    const key = `${type === "closure" ? "closure " : ""}${name.slice(0, 60)}`;
    const size = s.nodes[i + iSize]!;
    total += size;
    const a = agg.get(key) ?? { size: 0, count: 0 };
    a.size += size;
    a.count += 1;
    agg.set(key, a);
  }
  process.stdout.write(`heap ${(total / 1048576).toFixed(1)} MB in the snapshot${viewers ? `, ${(total / 1024 / viewers).toFixed(1)} kB per viewer (everything, not only viewers)` : ""}\n`);
  for (const [k, a] of [...agg].sort((x, y) => y[1].size - x[1].size).slice(0, top)) {
    process.stdout.write(`${(a.size / 1024).toFixed(0).padStart(8)} kB  ${String(a.count).padStart(8)}  ${viewers ? `${(a.size / viewers).toFixed(0).padStart(6)} B/viewer  ${(a.count / viewers).toFixed(1).padStart(5)}/viewer  ` : ""}${k}\n`);
  }
}

const [file, arg] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx bench/profile-summary.ts <file.cpuprofile | file.heapsnapshot> [viewers]");
if (file.endsWith(".cpuprofile")) cpu(file, 30);
else heap(file, 40, Number(arg ?? 0));
