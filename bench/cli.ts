// bench/cli: start-up cost of the bundled mini-kubectl. Against one etcd + API server, runs
// `get pods` alternately with the real kubectl and with ours (node dist/kubectl/main.js) and prints
// the median wall times beside the ceiling (ours ≤ 2× kubectl), plus bare `node -e 0` as the floor
// and `node` importing all of @kubernetes/client-node (what every command paid before the light path).
//   npm run build && node dist/bench/cli.js [--runs 15] [--pods 5]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { entry } from '../cluster/index.js';
import { kubectlPath, startEnvtest } from '../test/envtest.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, pods: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);
const PODS = Number(values.pods);

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs one command to completion and returns its wall time in ms (throws on a non-zero exit). */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

if (!kubectlPath) {
  out('bench/cli: the real kubectl is not on the PATH; nothing to compare with');
  process.exit(1);
}
const env = await startEnvtest({ process: true });
try {
  const procEnv = { ...process.env, KUBECONFIG: env.kubeconfigPath, KUBECACHEDIR: `${env.dir}/cache`, HOME: env.dir };
  const pods = Array.from({ length: PODS }, (_, i) => `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p${i}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}`).join('\n');
  const r = await env.kubectl(['apply', '-f', '-'], { input: pods });
  if (r.code !== 0) throw new Error(r.stderr);
  const ours = [process.execPath, entry('kubectl')];
  // warm both (disk caches, kubectl's discovery cache)
  await timed(kubectlPath, ['get', 'pods'], procEnv);
  await timed(ours[0], [...ours.slice(1), 'get', 'pods'], procEnv);
  const theirs: number[] = [];
  const mine: number[] = [];
  const floor: number[] = [];
  const fullImport: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    theirs.push(await timed(kubectlPath, ['get', 'pods'], procEnv));
    mine.push(await timed(ours[0], [...ours.slice(1), 'get', 'pods'], procEnv));
    floor.push(await timed(process.execPath, ['-e', '0'], procEnv));
    fullImport.push(await timed(process.execPath, ['--input-type=module', '-e', "await import('@kubernetes/client-node')"], procEnv));
  }
  const k = median(theirs);
  const m = median(mine);
  out(`bench/cli: \`get pods\` (${PODS} pods), median of ${RUNS} runs each, interleaved`);
  out(`| client | median wall (ms) |`);
  out(`| --- | --- |`);
  out(`| real kubectl | ${k.toFixed(0)} |`);
  out(`| k8ts-kubectl | ${m.toFixed(0)} |`);
  out(`| node -e 0 (floor) | ${median(floor).toFixed(0)} |`);
  out(`| node importing all of client-node | ${median(fullImport).toFixed(0)} |`);
  out(`ratio ours/kubectl: ${(m / k).toFixed(2)}× (ceiling 2.00×) ${m <= 2 * k ? 'OK' : 'OVER'}`);
} finally {
  await env.stop();
}
