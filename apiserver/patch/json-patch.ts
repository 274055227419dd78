// RFC 6902 JSON Patch (Content-Type application/json-patch+json), as `kubectl rollout undo` sends.
// A malformed patch document is a 400 BadRequest; an operation that does not apply to the object
// (missing path, failed `test`) is a 422, as the Kubernetes API server reports it.

import { ApiError, errors } from '../../apimachinery/errors.js';
import { clone, isObject, show } from './json.js';
import { jsonEqual } from '../../apimachinery/objects.js';

export type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** A 422 for an operation that cannot be applied to the document. */
function notApplicable(message: string): ApiError {
  return new ApiError('Invalid', message);
}

/** Splits a JSON pointer into unescaped reference tokens ('' is the whole document). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw errors.badRequest(`invalid JSON pointer ${JSON.stringify(pointer)}: must be empty or start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((tok) => {
      if (/~[^01]|~$/.test(tok)) {
        throw errors.badRequest(`invalid JSON pointer ${JSON.stringify(pointer)}: bad escape in ${JSON.stringify(tok)}`);
      }
      return tok.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Validates the decoded patch document and returns its operations. */
export function decodeJsonPatch(body: unknown): JsonPatchOp[] {
  if (!Array.isArray(body)) {
    throw errors.badRequest(`json patch must be a JSON array of operations, got ${show(body, 80)}`);
  }
  return body.map((raw, i): JsonPatchOp => {
    if (!isObject(raw)) throw errors.badRequest(`json patch operation ${i} is not an object: ${show(raw, 80)}`);
    const { op, path } = raw;
    if (typeof op !== 'string') throw errors.badRequest(`json patch operation ${i}: missing "op"`);
    if (typeof path !== 'string') throw errors.badRequest(`json patch operation ${i} (${op}): missing "path"`);
    parsePointer(path);
    switch (op) {
      case 'add':
      case 'replace':
      case 'test':
        if (!('value' in raw)) throw errors.badRequest(`json patch operation ${i} (${op} ${path}): missing "value"`);
        return { op, path, value: raw.value };
      case 'remove':
        return { op, path };
      case 'move':
      case 'copy': {
        const from = raw.from;
        if (typeof from !== 'string') throw errors.badRequest(`json patch operation ${i} (${op} ${path}): missing "from"`);
        parsePointer(from);
        return { op, from, path };
      }
      default:
        throw errors.badRequest(`json patch operation ${i}: Unexpected kind: ${op}`);
    }
  });
}

/** Applies an RFC 6902 patch to a copy of `doc`; the input is never changed. */
export function jsonPatch(doc: unknown, patch: unknown): unknown {
  const ops = decodeJsonPatch(patch);
  let root: unknown = clone(doc);
  for (const op of ops) root = applyOp(root, op);
  return root;
}

function applyOp(root: unknown, op: JsonPatchOp): unknown {
  switch (op.op) {
    case 'add':
      return add(root, op.path, clone(op.value), 'add');
    case 'remove':
      return remove(root, op.path, 'remove').root;
    case 'replace': {
      if (op.path === '') return clone(op.value);
      get(root, op.path, 'replace');
      return add(remove(root, op.path, 'replace').root, op.path, clone(op.value), 'replace');
    }
    case 'move': {
      if (op.path === op.from) {
        get(root, op.from, 'move');
        return root;
      }
      if (op.path.startsWith(op.from + '/')) {
        throw notApplicable(`move operation does not apply: "from" ${op.from} is a prefix of "path" ${op.path}`);
      }
      const { root: without, value } = remove(root, op.from, 'move');
      return add(without, op.path, value, 'move');
    }
    case 'copy':
      return add(root, op.path, clone(get(root, op.from, 'copy')), 'copy');
    case 'test': {
      const actual = lookup(root, parsePointer(op.path));
      if (!actual.found || !jsonEqual(actual.value, op.value)) {
        throw notApplicable(`testing value ${op.path} failed: test failed`);
      }
      return root;
    }
  }
}

/** Array index token: digits without leading zeros. */
function arrayIndex(tok: string, len: number, op: string, path: string, allowEnd: boolean): number {
  if (tok === '-' && allowEnd) return len;
  if (!/^(0|[1-9][0-9]*)$/.test(tok)) {
    throw notApplicable(`${op} operation does not apply: invalid array index ${JSON.stringify(tok)} in path ${path}`);
  }
  const i = Number(tok);
  if (i > len || (!allowEnd && i >= len)) {
    throw notApplicable(`error in ${op} for path: '${path}': Unable to access invalid index: ${i}: invalid index referenced`);
  }
  return i;
}

function lookup(root: unknown, toks: string[]): { found: boolean; value?: unknown } {
  let cur = root;
  for (const tok of toks) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(tok) || Number(tok) >= cur.length) return { found: false };
      cur = cur[Number(tok)];
    } else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, tok)) {
      cur = cur[tok];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: cur };
}

function get(root: unknown, path: string, op: string): unknown {
  const r = lookup(root, parsePointer(path));
  if (!r.found) throw notApplicable(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  return r.value;
}

/** The container holding the last token of `path` (which is a working copy we may change). */
function parentOf(root: unknown, path: string, op: string): { parent: unknown; last: string } {
  const toks = parsePointer(path);
  const last = toks.pop() as string;
  const r = lookup(root, toks);
  if (!r.found || (!Array.isArray(r.value) && !isObject(r.value))) {
    throw notApplicable(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  }
  return { parent: r.value, last };
}

function add(root: unknown, path: string, value: unknown, op: string): unknown {
  if (path === '') return value;
  const { parent, last } = parentOf(root, path, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, op, path, true), 0, value);
  else (parent as Record<string, unknown>)[last] = value;
  return root;
}

function remove(root: unknown, path: string, op: string): { root: unknown; value: unknown } {
  if (path === '') throw notApplicable(`${op} operation does not apply: cannot remove the whole document`);
  const { parent, last } = parentOf(root, path, op);
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, op, path, false);
    return { root, value: parent.splice(i, 1)[0] };
  }
  const obj = parent as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(obj, last)) {
    throw notApplicable(`error in ${op} for path: '${path}': Unable to remove nonexistent key: ${last}: missing value`);
  }
  const value = obj[last];
  delete obj[last];
  return { root, value };
}
