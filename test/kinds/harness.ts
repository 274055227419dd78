// The per-kind golden harness (issue 13): one envtest (real etcd + API server) per test file, and for
// every kind the real kubectl's full round — create, get (table, -o wide, -o yaml), describe, the three
// patch types, client-side apply (created / configured / unchanged), server-side apply, a table of bad
// inputs (the exact Status, kubectl's exact error line, nothing stored), delete. Expected strings are
// what a Kubernetes 1.32 server and kubectl print; ages are masked as in test/kubectl/golden.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { maskAges } from '../kubectl/golden.js';

type Json = Record<string, unknown>;

export interface BadInput {
  title: string;
  /** An invalid object (YAML); POSTed as JSON and given to `kubectl create -f -`. */
  manifest: string;
  code: number;
  reason: string;
  /** The Status message, exactly. */
  message: string;
  /**
   * kubectl's exact stderr line when it is not the default: for Invalid with one cause kubectl prints
   * `The <Kind> "<name>" is invalid: <cause>` (from the Status details), otherwise
   * `Error from server (<reason>): error when creating "STDIN": <message>`.
   */
  kubectl?: string;
}

export interface KindCase {
  /** What kubectl is given: 'jobs', 'jobs.batch', 'pvc'. */
  resource: string;
  /** A valid object (YAML) with metadata.name; namespace 'default' when namespaced (or none given). */
  manifest: string;
  /** The same object with a spec change (the second client-side apply says "configured"). */
  changed: string;
  /** kubectl patch bodies; each must change the object. `strategic` is left out only where Kubernetes refuses it. */
  patches: { strategic?: string; merge: string; json: string };
  /** Exact `kubectl get <resource> <name>` stdout, AGE-like cells masked with 'A's. */
  table: string;
  /** Exact `kubectl get <resource> <name> -o wide` stdout, when the kind has wide columns. */
  wide?: string;
  /** Substrings `kubectl describe <resource> <name>` must print. */
  describe: string[];
  /** Assertions on the created object as read back (`-o json`): its defaults. */
  check?(obj: Json): void;
  bad: BadInput[];
  /** YAML applied before the case (objects it needs). */
  setup?: string;
}

interface Target {
  path: string; // collection path of the manifest's resource
  ref: string; // kubectl's "kind.group/name" prefix, e.g. job.batch
  name: string;
  namespaced: boolean;
}

/** Registers one describe block running every case against one fresh API server. */
export function kindGoldens(title: string, cases: KindCase[]): void {
  describe.skipIf(!etcdAvailable || !kubectlAvailable)(`kinds golden: ${title}${etcdSkipReason}${kubectlSkipReason}`, () => {
    let env: TestApiServer;
    beforeAll(async () => {
      env = await startEnvtest();
    }, 60_000);
    afterAll(async () => {
      await env?.stop();
    });
    for (const c of cases) {
      const obj = parse(c.manifest) as Json;
      const name = String((obj.metadata as Json).name);
      it(`${c.resource}: create, get, describe, patch, apply, server-side apply, bad input, delete`, async () => {
        if (c.setup) await env.kubectlOk(['apply', '-f', '-'], { input: c.setup });
        const t = await target(env, obj);
        await roundTrip(env, c, t, name);
      }, 120_000);
    }
  });
}

async function target(env: TestApiServer, obj: Json): Promise<Target> {
  const apiVersion = String(obj.apiVersion);
  const gv = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const list = (await (await fetch(env.url + gv)).json()) as { resources: { name: string; kind: string; namespaced: boolean }[] };
  const r = list.resources.find((x) => x.kind === obj.kind && !x.name.includes('/'));
  if (!r) throw new Error(`${apiVersion} ${String(obj.kind)} is not in discovery`);
  const meta = obj.metadata as Json;
  const ns = r.namespaced ? String(meta.namespace ?? 'default') : '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return {
    path: `${gv}${ns ? `/namespaces/${ns}` : ''}/${r.name}`,
    ref: `${String(obj.kind).toLowerCase()}${group ? `.${group}` : ''}`,
    name: String(meta.name),
    namespaced: r.namespaced,
  };
}

function renamed(yaml: string, name: string): string {
  const o = parse(yaml) as Json;
  (o.metadata as Json).name = name;
  return stringify(o);
}

async function getJson(env: TestApiServer, c: KindCase, name: string): Promise<Json> {
  return JSON.parse(await env.kubectlOk(['get', c.resource, name, '-o', 'json', '--show-managed-fields'])) as Json;
}

async function roundTrip(env: TestApiServer, c: KindCase, t: Target, name: string): Promise<void> {
  const k = (args: string[], input?: string) => env.kubectl(args, input === undefined ? {} : { input });

  // create, read back
  let r = await k(['create', '-f', '-'], c.manifest);
  expect(r.stderr, 'create').toBe('');
  expect(r.stdout).toBe(`${t.ref}/${name} created\n`);
  const created = await getJson(env, c, name);
  c.check?.(created);
  r = await k(['get', c.resource, name]);
  expect(r.stderr, 'get').toBe('');
  expect(maskAges(r.stdout), 'get table').toBe(c.table);
  if (c.wide !== undefined) expect(maskAges((await k(['get', c.resource, name, '-o', 'wide'])).stdout), 'get -o wide').toBe(c.wide);
  const asYaml = parse(await env.kubectlOk(['get', c.resource, name, '-o', 'yaml'])) as Json;
  expect((asYaml.metadata as Json).uid).toBe((created.metadata as Json).uid);
  r = await k(['describe', c.resource, name]);
  expect(r.code, `describe: ${r.stderr}`).toBe(0);
  for (const s of c.describe) expect(r.stdout, 'describe').toContain(s);

  // the three patch types, each a real change
  for (const [type, body] of Object.entries(c.patches)) {
    const before = (await getJson(env, c, name)).metadata as Json;
    r = await k(['patch', c.resource, name, `--type=${type}`, '-p', body]);
    expect(r.stderr, `patch --type=${type}`).toBe('');
    expect(r.stdout).toBe(`${t.ref}/${name} patched\n`);
    const after = (await getJson(env, c, name)).metadata as Json;
    expect(after.resourceVersion, `patch --type=${type} changed nothing`).not.toBe(before.resourceVersion);
  }

  // client-side apply: created, configured (changed), unchanged
  const applied = `${name}-apply`;
  r = await k(['apply', '-f', '-'], renamed(c.manifest, applied));
  expect(r.stdout + r.stderr, 'apply #1').toBe(`${t.ref}/${applied} created\n`);
  r = await k(['apply', '-f', '-'], renamed(c.changed, applied));
  expect(r.stdout + r.stderr, 'apply #2').toBe(`${t.ref}/${applied} configured\n`);
  r = await k(['apply', '-f', '-'], renamed(c.changed, applied));
  expect(r.stdout + r.stderr, 'apply #3').toBe(`${t.ref}/${applied} unchanged\n`);

  // server-side apply: created, then a change, owned by kubectl's Apply manager
  const ssa = `${name}-ssa`;
  for (const m of [c.manifest, c.changed]) {
    r = await k(['apply', '--server-side', '-f', '-'], renamed(m, ssa));
    expect(r.stdout + r.stderr, 'apply --server-side').toBe(`${t.ref}/${ssa} serverside-applied\n`);
  }
  const owners = ((await getJson(env, c, ssa)).metadata as Json).managedFields as Json[];
  expect(owners.some((f) => f.manager === 'kubectl' && f.operation === 'Apply')).toBe(true);

  // bad input: the exact Status, kubectl's exact line, nothing stored
  for (const b of c.bad) await badInput(env, t, b);

  // delete all three
  for (const n of [name, applied, ssa]) {
    r = await k(['delete', c.resource, n]);
    expect(r.stdout + r.stderr, 'delete').toBe(`${t.ref} "${n}" deleted\n`);
  }
  r = await k(['get', c.resource, name]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('(NotFound)');
}

async function badInput(env: TestApiServer, t: Target, b: BadInput): Promise<void> {
  const obj = parse(b.manifest) as Json;
  const name = String((obj.metadata as Json | undefined)?.name ?? '');
  const res = await fetch(env.url + t.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) });
  const status = (await res.json()) as Json;
  expect({ code: res.status, kind: status.kind, reason: status.reason, message: status.message }, b.title).toEqual({
    code: b.code,
    kind: 'Status',
    reason: b.reason,
    message: b.message,
  });
  const r = await env.kubectl(['create', '-f', '-'], { input: b.manifest });
  expect(r.code, b.title).not.toBe(0);
  expect(r.stderr, b.title).toBe(`${b.kubectl ?? kubectlLine(b, String(obj.kind), name)}\n`);
  if (name) expect((await fetch(`${env.url}${t.path}/${name}`)).status, `${b.title}: stored`).toBe(404);
}

function kubectlLine(b: BadInput, kind: string, name: string): string {
  const at = b.message.indexOf(' is invalid: ');
  if (b.reason === 'Invalid' && at >= 0) return `The ${kind} "${name}" is invalid: ${b.message.slice(at + ' is invalid: '.length)}`;
  return `Error from server (${b.reason}): error when creating "STDIN": ${b.message}`;
}
