// Bounds on what a body may contain, checked before any recursive work: nesting depth (JSON and YAML;
// Kubernetes' decoders stop at 10,000, our parsers and walkers recurse, so the bound here is lower)
// and numbers that do not fit a float64 (JSON.parse turns 1e999 into Infinity, which would be
// stored as null). The scans are loops with explicit stacks: they cannot exhaust the call stack.
import { Parser, type CST } from 'yaml';

/** Deepest nesting of objects and arrays accepted in a request body. */
export const maxNestingDepth = 200;

/** Whether the JSON text nests objects/arrays deeper than `max` (strings are skipped). */
export function jsonTooDeep(text: string, max = maxNestingDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * An upper bound on a YAML text's nesting: per line twice the indentation plus the compact `- `
 * indicators, plus the open flow brackets (counted everywhere, quotes included: an over-estimate,
 * never an under-estimate).
 */
function yamlDepthBound(text: string): number {
  let flow = 0;
  let best = 0;
  let lineStart = true;
  let indent = 0;
  let indicators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      lineStart = true;
      indent = 0;
      indicators = 0;
      continue;
    }
    if (lineStart) {
      if (c === 0x20) {
        indent++;
        continue;
      }
      if ((c === 0x2d || c === 0x3f) && (text.charCodeAt(i + 1) === 0x20 || i + 1 === text.length)) {
        indicators++;
        i++;
        continue;
      }
      lineStart = false;
      best = Math.max(best, 2 * (indent + 1) + indicators + flow);
    }
    if (c === 0x5b || c === 0x7b) best = Math.max(best, 2 * (indent + 1) + indicators + ++flow);
    else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
  }
  return Math.max(best, 2 * (indent + 1) + indicators + flow);
}

function isCollection(t: CST.Token): t is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';
}

/** The exact nesting of the YAML text's collections, from its concrete syntax tree (no recursion). */
function yamlDepth(text: string): number {
  let max = 0;
  const stack: [CST.Token, number][] = [];
  for (const tok of new Parser().parse(text)) stack.push([tok, 0]);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [tok, depth] = next;
    if (tok.type === 'document' && tok.value) stack.push([tok.value, depth]);
    if (!isCollection(tok)) continue;
    max = Math.max(max, depth + 1);
    for (const item of tok.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return max;
}

/**
 * Whether the YAML text nests deeper than `max`. The cheap bound settles almost every body; the
 * syntax tree is built only for bodies near the limit, and bodies far past it are refused unparsed
 * (the tree costs quadratic time in the depth).
 */
export function yamlTooDeep(text: string, max = maxNestingDepth): boolean {
  const bound = yamlDepthBound(text);
  if (bound <= max) return false;
  if (bound > 25 * max) return true;
  return yamlDepth(text) > max;
}

/** The path of the first number that is not finite (Infinity from a 400-digit literal), if any. */
export function nonFiniteNumber(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, path] = next;
    if (typeof v === 'number' && !Number.isFinite(v)) return path || '<root>';
    if (Array.isArray(v)) v.forEach((e, i) => stack.push([e, `${path}[${i}]`]));
    else if (typeof v === 'object' && v !== null) for (const [k, e] of Object.entries(v)) stack.push([e, path ? `${path}.${k}` : k]);
  }
  return undefined;
}
