// `kubectl edit TYPE/NAME | TYPE NAME`: the object as YAML (or -o json) in $KUBE_EDITOR / $EDITOR
// (default vi), then the difference sent as a patch (strategic merge for built-in kinds, JSON merge
// otherwise): `kind.group/name edited`, or "Edit cancelled, no changes made." when nothing changed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindGroup, resourcePath, parseTypeArgs } from './cli-runtime/discovery.js';
import { CliError, type IO } from './cli-runtime/io.js';
import { isObject, threeWayMergePatch, type JsonObject } from './merge.js';
import { toJson, toYaml, yamlLoader } from './cli-runtime/output.js';
import type { Session } from './cli-runtime/session.js';
import { hasStrategicSchema, threeWayStrategicPatch } from './strategic.js';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

function runEditor(editor: string, file: string, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

export async function edit(s: Session, o: { args: string[]; output?: string }, io: IO): Promise<number> {
  const requests = parseTypeArgs(await s.resources(), o.args);
  const editor = io.env.KUBE_EDITOR || io.env.EDITOR || 'vi';
  for (const req of requests) {
    if (!req.names.length) throw new CliError('error: edit requires a resource name (TYPE/NAME or TYPE NAME) in this mini-kubectl');
    for (const name of req.names) {
      const path = resourcePath(req.resource, s.namespace, name);
      const live = await s.rest.json<JsonObject>(path);
      const shown = structuredClone(live);
      if (isObject(shown.metadata)) delete shown.metadata.managedFields;
      const json = o.output === 'json';
      const dir = mkdtempSync(join(tmpdir(), 'kubectl-edit-'));
      const file = join(dir, `${name}.${json ? 'json' : 'yaml'}`);
      try {
        writeFileSync(file, (json ? '' : HEADER) + (json ? toJson(shown) : await toYaml(shown)));
        const code = await runEditor(editor, file, io.env);
        if (code !== 0) throw new CliError(`error: there was a problem with the editor "${editor}"`);
        const text = readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
        if (text.trim() === '') {
          io.stderr('Edit cancelled, saved file was empty.\n');
          continue;
        }
        const edited = (await yamlLoader())(text);
        if (!isObject(edited)) throw new CliError('error: the edited file is not an object');
        const gvk = { group: req.resource.group, version: req.resource.version, kind: req.resource.kind };
        const strategic = hasStrategicSchema(gvk);
        // two-way diff: the shown object is both the "original" and the live state
        const patch = strategic ? threeWayStrategicPatch(shown, edited, shown, gvk) : threeWayMergePatch(shown, edited, shown);
        if (Object.keys(patch).length === 0) {
          io.stderr('Edit cancelled, no changes made.\n');
          continue;
        }
        await s.rest.json(path, { method: 'PATCH', body: patch, contentType: strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json', query: { fieldManager: 'kubectl-edit' } });
        io.stdout(`${kindGroup(req.resource)}/${name} edited\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return 0;
}
