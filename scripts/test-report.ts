/**
 * What scripts/test.ts repeats under its summary for each failed test: the name, where it is, and the start
 * of its error (CI shows only the end of a run's output).
 */

/** The failures a TAP report holds: `not ok` lines with the first lines of their error (not the suites around them). */
export function tapFailures(text: string): string[] {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length + 2;
    let kind = "";
    const error: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trim() === "..." || (line.trim() && line.length - line.trimStart().length < indent)) break;
      const key = /^\s*(error|failureType): ?(.*)$/.exec(line);
      if (key && line.length - line.trimStart().length === indent) {
        if (key[1] === "failureType") kind = key[2]!.replace(/^'|'$/g, "");
        if (key[1] === "error") {
          if (key[2] && key[2] !== "|-" && key[2] !== "|") error.push(key[2].replace(/^'|'$/g, ""));
          for (let k = j + 1; k < lines.length && (!lines[k]!.trim() || lines[k]!.length - lines[k]!.trimStart().length > indent); k++) {
            if (lines[k]!.trim()) error.push(lines[k]!.trim());
          }
        }
      }
    }
    // A suite or file failing because a test in it failed says nothing more than that test does.
    if (kind === "subtestsFailed") continue;
    out.push(`${m[2]}\n    ${error.slice(0, 4).join("\n    ") || "(no error message)"}`);
  }
  return out;
}

export type PlaywrightSuite = {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; file?: string; line?: number; tests: { status: string; results: { status: string; error?: { message?: string } }[] }[] }[];
};
export type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; suites?: PlaywrightSuite[] };

/** Failed and flaky specs of a Playwright JSON report, each try's first error lines (ANSI colours removed). */
export function playwrightFailures(suites: PlaywrightSuite[]): string[] {
  const out: string[] = [];
  for (const suite of suites) {
    out.push(...playwrightFailures(suite.suites ?? []));
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const bad = t.results.filter((r) => r.status !== "passed" && r.status !== "skipped");
        if (!bad.length) continue;
        const verdict = t.status === "flaky" ? "flaky (passed on retry)" : "failed";
        const errors = bad.map((r, i) => `try ${i + 1}: ${(r.error?.message ?? r.status).replace(/\u001b\[[0-9;]*m/g, "").split("\n").slice(0, 3).join("\n      ")}`);
        out.push(`${spec.title} (${spec.file ?? suite.title}:${spec.line ?? "?"}) ${verdict}\n    ${errors.join("\n    ")}`);
      }
    }
  }
  return out;
}

