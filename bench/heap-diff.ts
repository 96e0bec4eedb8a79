import fs from "node:fs";

/**
 * What N connections added to a server's heap, by constructor: `tsx bench/heap-diff.ts <before.heapsnapshot>
 * <after.heapsnapshot> <N>` (the pair `npm run bench chat` writes with FANOUT_PROFILE_DIR, before and with a
 * crowd of N viewers). Prints the growth in self size and count per connection, largest first: the
 * per-viewer cost of each kind of object, ours against bare Socket.IO, without guessing which objects are a
 * viewer's. Self sizes: what an object holds through references is counted where it is allocated.
 */
type Snapshot = { snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }; nodes: number[]; edges: number[]; strings: string[] };
/** HEAP_DIFF_OWNER=1: arrays, plain objects, strings and other anonymous kinds are told apart by their first holder (`Map.table`, `Socket.data`, …). */
const BY_OWNER = process.env.HEAP_DIFF_OWNER === "1";
const ANONYMOUS = /^\((array|hidden|string|number|concatenated string|sliced string|object shape)\)$|^Object$|^Array$|^system \/ Context$|^closure $/;
type Agg = Map<string, { size: number; count: number }>;

function byConstructor(file: string): { agg: Agg; total: number } {
  const s = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const [iType, iName, iSize] = [f.indexOf("type"), f.indexOf("name"), f.indexOf("self_size")];
  const types = s.snapshot.meta.node_types[0];
  const agg: Agg = new Map();
  let total = 0;
  const keyOf = (i: number) => {
    const type = types[s.nodes[i + iType]!] ?? "?";
    const name = type === "object" || type === "closure" || type === "native" ? (s.strings[s.nodes[i + iName]!] ?? "?") : `(${type})`;
    return `${type === "closure" ? "closure " : ""}${name.slice(0, 60)}`;
  };
  // The first holder of every node (by a non-weak edge), for BY_OWNER.
  const owner = new Map<number, { parent: number; edge: string }>();
  // "Object.properties" says little: for an anonymous holder, its own holder too (two levels).
  const ownerLabel = (i: number, depth = 0): string => {
    const o = owner.get(i);
    if (!o) return "?";
    const base = keyOf(o.parent);
    return `${depth < 1 && ANONYMOUS.test(base) ? `${ownerLabel(o.parent, depth + 1)}→` : ""}${base}.${o.edge}`;
  };
  if (BY_OWNER) {
    const ef = s.snapshot.meta.edge_fields;
    const ew = ef.length;
    const [eType, eName, eTo] = [ef.indexOf("type"), ef.indexOf("name_or_index"), ef.indexOf("to_node")];
    const etypes = s.snapshot.meta.edge_types[0];
    const iCount = f.indexOf("edge_count");
    let e = 0;
    for (let i = 0; i < s.nodes.length; i += width) {
      const count = s.nodes[i + iCount]!;
      for (let k = 0; k < count; k++, e += ew) {
        const et = etypes[s.edges[e + eType]!];
        if (et === "weak" || et === "shortcut") continue;
        const to = s.edges[e + eTo]!;
        if (owner.has(to)) continue;
        const nm = et === "element" || et === "hidden" ? `[${s.edges[e + eName]}]` : s.strings[s.edges[e + eName]!];
        owner.set(to, { parent: i, edge: String(nm).slice(0, 30) });
      }
    }
  }
  for (let i = 0; i < s.nodes.length; i += width) {
    const base = keyOf(i);
    const key = BY_OWNER && ANONYMOUS.test(base) ? `${base} ← ${ownerLabel(i)}` : base;
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
