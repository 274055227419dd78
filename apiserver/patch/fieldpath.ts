// Field paths and field sets in the FieldsV1 vocabulary of structured-merge-diff: a path is a list of
// elements 'f:<field>', 'k:<json of key fields>', 'v:<json value>' or 'i:<index>'; a FieldSet is a
// set of paths; managedFields stores it as a trie where '.' marks a node that is itself a member.

import { errors } from '../../apimachinery/errors.js';
import { isObject, show, type JsonObject } from './json.js';

export type FieldPath = readonly string[];

const SEP = '\u0000';

/** An immutable set of field paths. */
export class FieldSet {
  private readonly byKey: ReadonlyMap<string, FieldPath>;

  /** `keyed`: an already keyed map (path joined by SEP → path), taken over as is. */
  constructor(paths: Iterable<FieldPath> = [], keyed?: Map<string, FieldPath>) {
    if (keyed) {
      this.byKey = keyed;
      return;
    }
    const m = new Map<string, FieldPath>();
    for (const p of paths) m.set(p.join(SEP), [...p]);
    this.byKey = m;
  }

  /** A set over a map from pathKey(path) to path, which the set then owns. */
  static fromKeyed(keyed: Map<string, FieldPath>): FieldSet {
    return new FieldSet(undefined, keyed);
  }

  get size(): number {
    return this.byKey.size;
  }

  isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  has(p: FieldPath): boolean {
    return this.byKey.has(p.join(SEP));
  }

  /** Whether some member lies strictly below `p`. */
  hasDescendant(p: FieldPath): boolean {
    const prefix = p.join(SEP) + SEP;
    for (const k of this.byKey.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  paths(): FieldPath[] {
    return [...this.byKey.values()];
  }

  union(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    const m = new Map(this.byKey);
    for (const [k, p] of o.byKey) if (!m.has(k)) m.set(k, p);
    return new FieldSet(undefined, m);
  }

  difference(o: FieldSet): FieldSet {
    if (o.isEmpty() || this.isEmpty()) return this;
    const m = new Map<string, FieldPath>();
    for (const [k, p] of this.byKey) if (!o.byKey.has(k)) m.set(k, p);
    return new FieldSet(undefined, m);
  }

  intersection(o: FieldSet): FieldSet {
    const m = new Map<string, FieldPath>();
    for (const [k, p] of this.byKey) if (o.byKey.has(k)) m.set(k, p);
    return new FieldSet(undefined, m);
  }

  equals(o: FieldSet): boolean {
    if (this.size !== o.size) return false;
    for (const k of this.byKey.keys()) if (!o.byKey.has(k)) return false;
    return true;
  }
}

/** The key a FieldSet files `path` under. */
export function pathKey(path: FieldPath): string {
  return path.join(SEP);
}

// ---- path elements -------------------------------------------------------------------------------

export const fieldElement = (name: string): string => `f:${name}`;
export const valueElement = (v: unknown): string => `v:${JSON.stringify(v)}`;
/** 'k:{...}' with the key fields in sorted order, as Kubernetes writes them. */
export function keyElement(key: Record<string, unknown>): string {
  const sorted: JsonObject = {};
  for (const k of Object.keys(key).sort()) sorted[k] = key[k];
  return `k:${JSON.stringify(sorted)}`;
}

/** Human form used in conflict messages: `.spec.containers[name="nginx"].image`. */
export function pathToString(path: FieldPath): string {
  return path
    .map((el) => {
      const body = el.slice(2);
      switch (el.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const key = JSON.parse(body) as JsonObject;
          return `[${Object.entries(key)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${body}]`;
        case 'i:':
          return `[${body}]`;
        default:
          return el;
      }
    })
    .join('');
}

// ---- FieldsV1 ------------------------------------------------------------------------------------

const kindOrder = (el: string): number => ['.', 'f', 'k', 'v', 'i'].indexOf(el[0]);

interface Trie {
  member: boolean;
  children: Map<string, Trie>;
}

/** Encodes a set as a FieldsV1 trie. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: Trie = { member: false, children: new Map() };
  for (const p of set.paths()) {
    let node = root;
    for (const el of p) {
      let next = node.children.get(el);
      if (!next) {
        next = { member: false, children: new Map() };
        node.children.set(el, next);
      }
      node = next;
    }
    node.member = true;
  }
  const encode = (node: Trie): JsonObject => {
    const out: JsonObject = {};
    if (node.member && node.children.size > 0) out['.'] = {};
    const keys = [...node.children.keys()].sort((a, b) => kindOrder(a) - kindOrder(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const k of keys) out[k] = encode(node.children.get(k)!);
    return out;
  };
  return encode(root);
}

/** Decodes a FieldsV1 trie; malformed input is a 400. */
export function fromFieldsV1(fields: unknown): FieldSet {
  const paths: FieldPath[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (!isObject(node)) throw errors.badRequest(`invalid FieldsV1 at ${pathToString(path) || '<root>'}: ${show(node, 80)}`);
    const keys = Object.keys(node);
    if (path.length > 0 && (keys.length === 0 || keys.includes('.'))) paths.push(path);
    for (const k of keys) {
      if (k === '.') continue;
      if (!/^[fkvi]:/.test(k)) throw errors.badRequest(`invalid FieldsV1 path element ${JSON.stringify(k)}`);
      walk(node[k], [...path, k]);
    }
  };
  walk(fields ?? {}, []);
  return new FieldSet(paths);
}
