// Summarises the .cpuprofile files bench/profile-preload.ts wrote: per process, the CPU time sampled
// (idle excluded) and where it went by self time. Sampling is by wall clock: on a loaded machine a
// process waiting for a core is charged to whatever frame it was in, so read it on a quiet machine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function frameName(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url ? f.url.split('/').pop() : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

/** One line per profile: busy ms and the `top` frames by self time. */
export function summariseProfiles(dir: string, top = 6): string[] {
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    p.samples.forEach((id, i) => {
      const n = byId.get(id);
      if (!n) return;
      const key = frameName(n);
      self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0));
    });
    self.delete('(idle)');
    const busy = [...self.values()].reduce((a, b) => a + b, 0) / 1000;
    const frames = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    out.push(`${file.replace(/\.\d+\.cpuprofile$/, '')}: ${busy.toFixed(0)} ms busy; ${frames.map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join(', ')}`);
  }
  return out;
}
