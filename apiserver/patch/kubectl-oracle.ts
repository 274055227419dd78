// Test support, not used by the server: runs patches through the real kubectl (`kubectl patch
// --local`, which applies them with Kubernetes' own code) so the unit tests can check that our
// engines agree with it. Tests skip the comparison when kubectl is not on the PATH.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isObject, type JsonObject } from './json.js';
import type { GroupVersionKind } from '../../apimachinery/merge-keys.js';

export function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** What the API server keeps after decoding into typed structs: no nulls, no unknown `$` keys. */
function dropNullsAndDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNullsAndDirectives);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && !k.startsWith('$')) out[k] = dropNullsAndDirectives(x);
    return out;
  }
  return v;
}

export class KubectlOracle {
  private readonly dir = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-oracle-'));

  /**
   * Applies a strategic merge patch to `original` (a partial object; apiVersion, kind and a name are
   * filled in for kubectl) and returns the result without apiVersion, kind and metadata.name; throws
   * when kubectl rejects the patch.
   */
  strategic(original: JsonObject, patch: unknown, gvk: GroupVersionKind): unknown {
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    const meta = isObject(original.metadata) ? original.metadata : {};
    const full = { apiVersion, kind: gvk.kind, ...original, metadata: { name: 'x', ...meta } };
    const file = join(this.dir, 'obj.json');
    writeFileSync(file, JSON.stringify(full));
    const out = execFileSync(
      'kubectl',
      ['patch', '--local', '-f', file, '--type', 'strategic', '-o', 'json', '-p', JSON.stringify(patch)],
      { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const got = dropNullsAndDirectives(JSON.parse(out)) as JsonObject;
    delete got.apiVersion;
    delete got.kind;
    const gotMeta = got.metadata as JsonObject;
    delete gotMeta.name;
    if (original.metadata === undefined && Object.keys(gotMeta).length === 0) delete got.metadata;
    return got;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
