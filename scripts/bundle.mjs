// Bundles each component process's compiled entry point (dist/<component>/main.js, from tsc) into
// dist/bundle/<component>/main.js with esbuild, so a process loads one file instead of hundreds of
// small ESM modules (and @kubernetes/client-node's CommonJS tree): about a third of the CPU time and
// less memory per process. The processes stay separate: one bundle per process.
// Each bundle also gets an entry for the module the launcher preloads while the API server starts
// (cluster/launch.ts --preload); code both entries use goes into shared chunks, loaded once.
// cluster/common/paths.ts entry() runs a bundle while none of the files it was made from changed (inputs.json)
// and falls back to dist/<component>/main.js otherwise.
// Run after `tsc` and the OpenAPI generation:   node scripts/bundle.mjs [component…]
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** component → the module cluster/components.ts preloads for it (relative to dist/). */
export const components = {
  apiserver: undefined,
  controllers: 'controllers/manager.js',
  scheduler: 'scheduler/run.js',
  kubelet: 'kubelet/kubelet.js',
  'kube-proxy': 'kube-proxy/server.js',
  'kube-proxy/dns': 'kube-proxy/dns/server.js',
};

// Left as runtime imports from node_modules, because they read files next to their own code:
// etcd3 loads proto/rpc.proto from __dirname through @grpc/proto-loader.
const external = ['etcd3', '@grpc/grpc-js', '@grpc/proto-loader'];

// CommonJS dependencies call require() (node built-ins, optional peers): give ESM chunks one.
const banner = "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);";

/** The OpenAPI generator is a build tool (typescript, kubernetes-models): keep it out of the apiserver bundle,
 *  imported from dist/ in the rare case definitions.json is missing. */
function openapiGeneratorExternal(outdir) {
  return {
    name: 'k8ts-openapi-generator-external',
    setup(build) {
      build.onResolve({ filter: /\/generate\.js$/ }, (args) => {
        const target = join(args.resolveDir, args.path);
        if (target !== join(dist, 'apiserver', 'openapi', 'generate.js')) return undefined;
        return { path: relative(outdir, target), external: true };
      });
    },
  };
}

/** Where a component's bundle goes: dist/bundle/<component with / as ->/ (as cluster/common/paths.ts bundleEntry()). */
const bundleDir = (component) => component.replaceAll('/', '-');

async function bundle(component) {
  const main = join(dist, component, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run tsc first`);
  const outdir = join(dist, 'bundle', bundleDir(component));
  rmSync(outdir, { recursive: true, force: true });
  const started = Date.now();
  const lib = components[component];
  const entryPoints = { main, ...(lib ? { preload: join(dist, lib) } : {}) };
  const result = await esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.js' },
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: banner },
    external,
    plugins: [openapiGeneratorExternal(outdir)],
    logLevel: 'warning',
    legalComments: 'none',
    // Drops comments too: one non-Latin-1 character in a comment makes V8 keep the whole source two bytes a character.
    minifyWhitespace: true,
    charset: 'ascii',
    metafile: true,
    absWorkingDir: root,
  });
  // What the bundle was made from, and when: cluster/common/paths.ts bundled() ignores the bundle once one
  // of these changed (tsc emitted again, npm installed something) until it is bundled again.
  const inputs = ['package-lock.json', ...Object.keys(result.metafile.inputs).filter((f) => f.startsWith('dist/'))];
  writeFileSync(join(outdir, 'inputs.json'), JSON.stringify({ bundledAt: started, inputs }));
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  process.stdout.write(`bundle: dist/bundle/${bundleDir(component)}/main.js (${(bytes / 2 ** 20).toFixed(1)} MB in ${Object.keys(result.metafile.outputs).length} files)\n`);
}

const only = process.argv.slice(2);
for (const c of only.length ? only : Object.keys(components)) {
  if (!(c in components)) throw new Error(`unknown component ${c} (known: ${Object.keys(components).join(', ')})`);
  await bundle(c);
}
