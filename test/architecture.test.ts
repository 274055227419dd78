// The layout's rules, drawn from the imports of the source (tests aside), so they cannot drift:
// - a component (apiserver, scheduler, controllers, kubelet, kube-proxy, kubectl) never imports
//   another component or the launcher; it uses apimachinery/ (the shared layer) and its own files;
// - cluster/ and bench/ import a component only through its index.ts (bench/ may also use a
//   component's testing/index.ts, its object builders, as Kubernetes' scheduler_perf does);
// - inside a top-level folder, no two sub-folders import each other, directly or through others
//   (the folder's root files count as one more sub-folder).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const components = ['apiserver', 'scheduler', 'controllers', 'kubelet', 'kube-proxy', 'kubectl'];
const launchers = ['cluster', 'bench'];
const skipDirs = new Set(['node_modules', 'dist', '.k8ts', '.git', 'test', 'generated']);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!skipDirs.has(e.name) && !e.name.startsWith('.')) out.push(...sources(rel));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !/\.(test|e2e)\.|testing\//.test(rel)) {
      out.push(rel);
    }
  }
  return out;
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Relative imports of one file, resolved to repository paths of .ts files. */
function importsOf(file: string): string[] {
  const src = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (spec) out.push(normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return out;
}

const files = sources('').filter((f) => f.includes('/'));
const edges = files.map((f) => ({ from: f, to: importsOf(f) }));
const top = (p: string): string => p.split('/')[0]!;

describe('architecture (drawn from the imports)', () => {
  it('reads the source tree', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(edges.some((e) => e.to.length > 0)).toBe(true);
  });

  it('no component imports another component or the launcher', () => {
    const bad: string[] = [];
    for (const { from, to } of edges) {
      if (!components.includes(top(from))) continue;
      for (const t of to) if (top(t) !== top(from) && (components.includes(top(t)) || launchers.includes(top(t)))) bad.push(`${from} -> ${t}`);
    }
    expect(bad).toEqual([]);
  });

  it('cluster/ and bench/ import components only through their index.ts', () => {
    const bad: string[] = [];
    for (const { from, to } of edges) {
      if (!launchers.includes(top(from))) continue;
      for (const t of to) {
        const tt = top(t);
        const surfaces = top(from) === 'bench' ? [`${tt}/index.ts`, `${tt}/testing/index.ts`] : [`${tt}/index.ts`];
        if (tt !== top(from) && components.includes(tt) && !surfaces.includes(t)) bad.push(`${from} -> ${t}`);
        if (top(from) === 'bench' && tt === 'cluster' && t !== 'cluster/index.ts') bad.push(`${from} -> ${t}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import cycles between the sub-folders of a top-level folder', () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of edges) {
      const a = dirname(from);
      for (const t of to) {
        const b = dirname(t);
        if (a === b || top(a) !== top(b)) continue;
        if (!graph.has(a)) graph.set(a, new Set());
        graph.get(a)!.add(b);
      }
    }
    const reaches = (from: string, target: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length) {
        const x = stack.pop()!;
        if (x === target) return true;
        if (seen.has(x)) continue;
        seen.add(x);
        stack.push(...(graph.get(x) ?? []));
      }
      return false;
    };
    const cycles = new Set<string>();
    for (const [a, bs] of graph) for (const b of bs) if (reaches(b, a)) cycles.add([a, b].sort().join(' <-> '));
    expect([...cycles].sort()).toEqual([]);
  });
});
