// Small write commands: `scale` (PATCH …/scale), `label` and `annotate` (merge patch of metadata),
// with kubectl's messages (`scaled`, `labeled`, `not labeled`, `annotated`) and --overwrite check.
import { kindGroup, resourcePath, parseTypeArgs } from './cli-runtime/discovery.js';
import { CliError, ServerError, type IO } from './cli-runtime/io.js';
import type { Session } from './cli-runtime/session.js';

export async function scale(s: Session, args: string[], replicas: string | undefined, io: IO): Promise<number> {
  if (replicas === undefined || !/^\d+$/.test(replicas)) throw new CliError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  for (const req of parseTypeArgs(await s.resources(), args)) {
    if (req.names.length === 0) throw new CliError('error: resource(s) were provided, but no name was specified');
    for (const name of req.names) {
      try {
        await s.rest.json(resourcePath(req.resource, s.namespace, name));
      } catch (e) {
        if (e instanceof ServerError && e.reason === 'NotFound') throw new CliError(`error: no objects passed to scale ${e.serverMessage}`);
        throw e;
      }
      await s.rest.json(resourcePath(req.resource, s.namespace, name, 'scale'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: Number(replicas) } } });
      io.stdout(`${kindGroup(req.resource)}/${name} scaled\n`);
    }
  }
  return 0;
}

export interface MetaOptions {
  field: 'labels' | 'annotations';
  args: string[];
  overwrite: boolean;
}

/** Splits `type name k=v k-` into the object part and the changes. */
function splitChanges(args: string[]): { objects: string[]; set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const objects: string[] = [];
  for (const a of args) {
    if (a.includes('=')) {
      const i = a.indexOf('=');
      set[a.slice(0, i)] = a.slice(i + 1);
    } else if (a.endsWith('-') && objects.length > 0) remove.push(a.slice(0, -1));
    else objects.push(a);
  }
  return { objects, set, remove };
}

export async function labelOrAnnotate(s: Session, o: MetaOptions, io: IO): Promise<number> {
  const { objects, set, remove } = splitChanges(o.args);
  const noun = o.field === 'labels' ? 'label' : 'annotation';
  if (Object.keys(set).length === 0 && remove.length === 0) throw new CliError(`error: at least one ${noun} update is required`);
  const verb = o.field === 'labels' ? 'labeled' : 'annotated';
  for (const req of parseTypeArgs(await s.resources(), objects)) {
    if (req.names.length === 0) throw new CliError('error: resource(s) were provided, but no name was specified');
    for (const name of req.names) {
      const path = resourcePath(req.resource, s.namespace, name);
      const live = await s.rest.json<{ metadata?: Record<string, Record<string, string> | undefined> }>(path);
      const current = live.metadata?.[o.field] ?? {};
      if (!o.overwrite) {
        for (const [k, v] of Object.entries(set)) {
          if (k in current && current[k] !== v) throw new CliError(`error: '${k}' already has a value (${current[k]}), and --overwrite is false`);
        }
      }
      const change: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(set)) if (current[k] !== v) change[k] = v;
      for (const k of remove) if (k in current) change[k] = null;
      let msg = `not ${verb}`;
      if (Object.keys(change).length) {
        await s.rest.json(path, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { [o.field]: change } } });
        msg = Object.keys(set).length === 0 ? `un${verb}` : verb;
      }
      io.stdout(`${kindGroup(req.resource)}/${name} ${msg}\n`);
    }
  }
  return 0;
}
