// Where the generated OpenAPI definitions live: found from the project root (the directory holding
// package.json), so the same code works from source under vitest and from dist/ after a build.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from `fromUrl` (an import.meta.url) to the nearest directory holding package.json. */
export function findProjectRoot(fromUrl: string): string {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(fromUrl)}`);
    dir = parent;
  }
}

export function definitionsPath(root: string): string {
  return path.join(root, 'apiserver', 'openapi', 'generated', 'definitions.json');
}
