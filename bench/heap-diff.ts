import fs from "node:fs";

/**
 * What N connections added to a server's heap, by constructor: `tsx bench/heap-diff.ts <before.heapsnapshot>
 * <after.heapsnapshot> <N>` (the pair `npm run bench chat` writes with FANOUT_PROFILE_DIR, before and with a
 * crowd of N viewers). Prints the growth in self size and count per connection, largest first: the
 * per-viewer cost of each kind of object, ours against bare Socket.IO, without guessing which objects are a
 * viewer's. Self sizes: what an object holds through references is counted where it is allocated.
 */
type Snapshot = { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
type Agg = Map<string, { size: number; count: number }>;

function byConstructor(file: string): { agg: Agg; total: number } {
  const s = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const [iType, iName, iSize] = [f.indexOf("type"), f.indexOf("name"), f.indexOf("self_size")];
  const types = s.snapshot.meta.node_types[0];
  const agg: Agg = new Map();
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
  return { agg, total };
}

const [beforeFile, afterFile, nArg, topArg] = process.argv.slice(2);
if (!beforeFile || !afterFile || !nArg) throw new Error("usage: tsx bench/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> <connections> [top]");
const n = Number(nArg);
const before = byConstructor(beforeFile);
const after = byConstructor(afterFile);
const rows = [...new Set([...before.agg.keys(), ...after.agg.keys()])].map((k) => {
  const b = before.agg.get(k) ?? { size: 0, count: 0 };
  const a = after.agg.get(k) ?? { size: 0, count: 0 };
  return { k, size: (a.size - b.size) / n, count: (a.count - b.count) / n };
});
process.stdout.write(`heap grew ${((after.total - before.total) / 1024 / n).toFixed(2)} kB per connection (self sizes, snapshot totals)\n`);
for (const r of rows.sort((x, y) => y.size - x.size).slice(0, Number(topArg ?? 40))) {
  process.stdout.write(`${r.size.toFixed(0).padStart(7)} B  ${r.count.toFixed(2).padStart(6)}/conn  ${r.k}\n`);
}
