// What `why` reports: a verdict per object, a one-line summary, and labelled findings (text lines
// for humans, structured fields for -o json).

export interface Finding {
  /** Short heading, e.g. "Scheduler verdicts", "Last termination". */
  title: string;
  /** Lines shown under the heading. */
  lines: string[];
  /** The same facts as data (for -o json). */
  data?: unknown;
}

export interface Explanation {
  kind: string;
  namespace: string;
  name: string;
  /** One word: Unschedulable, CrashLoopBackOff, ImagePullBackOff, NotReady, Healthy, RolloutStuck, … */
  verdict: string;
  summary: string;
  findings: Finding[];
  /** Related objects explained in turn (a Deployment's pods). */
  related?: Explanation[];
}

export function render(e: Explanation, indent = ''): string {
  let out = `${indent}${e.kind.toLowerCase()}/${e.name} (${e.namespace}): ${e.verdict}\n${indent}  ${e.summary}\n`;
  for (const f of e.findings) {
    if (f.lines.length === 0) continue;
    out += `${indent}  ${f.title}:\n`;
    for (const l of f.lines) out += `${indent}    ${l}\n`;
  }
  for (const r of e.related ?? []) out += render(r, `${indent}  `);
  return out;
}
