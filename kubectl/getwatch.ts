// `kubectl get -w` / `--watch-only`: the server-side Table of the list (or of one named object), then
// a watch from the list's resourceVersion with the same Table Accept; each event's one-row Table is
// printed on its own, without headers, in columns as wide as the widest cell printed so far. Ends
// when the server closes the watch (exit 0) or on Ctrl-C (exit 1, as kubectl's interrupt handler). Other output formats print each event's object.
import type { KubeConfig } from '@kubernetes/client-node';
import { kindGroup, resourcePath, type Request } from './cli-runtime/discovery.js';
import type { GetOptions, Table, TableRow } from './get.js';
import { TABLE_ACCEPT, tableLines } from './get.js';
import { CliError, type IO } from './cli-runtime/io.js';
import { jsonpathTemplate, toJson, toYaml, type OutputFormat } from './cli-runtime/output.js';
import type { Session } from './cli-runtime/session.js';
import { formatTable } from './tabwriter.js';

type Obj = Record<string, unknown> & { metadata?: { name?: string; resourceVersion?: string } };

/** client-node's Watch sends the KubeConfig's fetch options: add the Accept header to them. */
function withAccept(kc: KubeConfig, accept: string): KubeConfig {
  const wrapped = Object.create(kc) as KubeConfig;
  wrapped.applyToFetchOptions = (opts) => kc.applyToFetchOptions({ ...opts, headers: { ...(opts.headers as Record<string, string> | undefined), Accept: accept } });
  return wrapped;
}

export async function watchGet(s: Session, requests: Request[], o: GetOptions, format: OutputFormat, io: IO): Promise<number> {
  if (requests.length !== 1 || requests[0].names.length > 1) {
    const n = requests.reduce((sum, r) => sum + Math.max(1, r.names.length), 0);
    throw new CliError(`error: watch is only supported on individual resources and resource collections, but ${n} resources were found`);
  }
  const { resource, names } = requests[0];
  const name = names[0];
  const ns = o.allNamespaces ? undefined : s.namespace;
  const table = format === 'table' || format === 'wide';
  const render = { wide: format === 'wide', withNamespace: o.allNamespaces && resource.namespaced, withKind: false, showLabels: o.showLabels };
  const query = name === undefined ? { labelSelector: o.selector, fieldSelector: o.fieldSelector } : {};

  // the current state, and the resourceVersion to watch from
  let rv: string | undefined;
  let columns: Table['columnDefinitions'] = [];
  let printedHeader = false;
  const print = objectPrinter(resource.kind, kindGroup(resource), format, o.output, io);
  // kubectl's watch printer remembers column widths across events: they only grow
  const widths: number[] = [];
  const path = name === undefined ? resourcePath(resource, ns) : resourcePath(resource, ns ?? s.namespace, name);
  if (table) {
    const t = await s.rest.json<Table>(path, { accept: TABLE_ACCEPT, query: name === undefined ? { ...query, limit: 500 } : {} });
    rv = t.metadata?.resourceVersion;
    columns = t.columnDefinitions;
    if (!o.watchOnly) {
      const rows = t.rows ?? [];
      const out = rows.length ? formatTable(tableLines(columns, rows, resource, render, true), widths) : '';
      // an empty list prints nothing (not even kubectl's "No resources found")
      if (out) {
        io.stdout(out);
        printedHeader = true;
      }
    }
  } else {
    const got = await s.rest.json<Obj & { items?: Obj[] }>(path, { query: name === undefined ? { ...query, limit: 500 } : {} });
    rv = got.metadata?.resourceVersion;
    if (!o.watchOnly) {
      const items = name === undefined ? (got.items ?? []) : [got];
      for (const item of items) await print(item);
    }
  }

  const { Watch } = await import('@kubernetes/client-node');
  const kc = await s.kubeConfig();
  const watcher = new Watch(table ? withAccept(kc, TABLE_ACCEPT) : kc);
  const params: Record<string, string> = { resourceVersion: rv ?? '' };
  if (name !== undefined) params.fieldSelector = `metadata.name=${name}`;
  else {
    if (o.selector) params.labelSelector = o.selector;
    if (o.fieldSelector) params.fieldSelector = o.fieldSelector;
  }
  const watchPath = resourcePath(resource, name === undefined ? ns : (ns ?? s.namespace));
  let queue = Promise.resolve();
  const outcome = await new Promise<number | Error>((resolve) => {
    let finished = false;
    const finish = (v: number | Error): void => {
      if (finished) return;
      finished = true;
      void req.then((c) => c.abort());
      resolve(v);
    };
    if (io.signal?.aborted) finish(1);
    io.signal?.addEventListener('abort', () => finish(1), { once: true });
    const req = watcher.watch(watchPath, params, (type: string, obj: unknown) => {
      if (finished || type === 'BOOKMARK') return;
      if (type === 'ERROR') {
        const st = obj as { message?: string };
        finish(new CliError(`error: ${st.message ?? 'watch error'}`));
        return;
      }
      if (table) {
        const t = obj as Table;
        if (t.columnDefinitions?.length && columns.length === 0) columns = t.columnDefinitions;
        const rows: TableRow[] = t.rows ?? [];
        if (rows.length === 0) return;
        // kubectl prints the header again only when it has not printed one for these columns
        io.stdout(formatTable(tableLines(columns, rows, resource, render, !printedHeader), widths));
        printedHeader = true;
      } else {
        queue = queue.then(() => print(obj as Obj));
      }
    }, (err: unknown) => finish(err ? (err instanceof Error ? err : new Error(String(err))) : 0));
  });
  await queue;
  if (outcome instanceof Error) {
    if (outcome.name === 'AbortError') return 1;
    throw outcome;
  }
  return outcome;
}

/** Prints one object per call in a non-table format; YAML documents after the first get a separator. */
function objectPrinter(kind: string, kg: string, format: OutputFormat, output: string | undefined, io: IO): (obj: Obj) => Promise<void> {
  let printed = 0;
  return (obj) => printObject(obj, kind, kg, format, output, io, printed++ > 0);
}

async function printObject(obj: Obj, kind: string, kg: string, format: OutputFormat, output: string | undefined, io: IO, separate: boolean): Promise<void> {
  const md = obj.metadata as Record<string, unknown> | undefined;
  if (md) delete md.managedFields;
  if (format === 'name') io.stdout(`${kg}/${String(obj.metadata?.name)}\n`);
  else if (format === 'json') io.stdout(toJson({ ...obj, kind: obj.kind ?? kind }));
  // kubectl's YAML printer separates documents after the first
  else if (format === 'yaml') io.stdout(`${separate ? '---\n' : ''}${await toYaml(obj)}`);
  else if (format === 'jsonpath') {
    const { execute } = await import('./jsonpath.js');
    io.stdout(execute(jsonpathTemplate(output) ?? '', JSON.parse(JSON.stringify(obj)) as unknown));
  }
}
