// Preloaded into every process of a cluster (NODE_OPTIONS=--import) by bench/startup --profile: samples
// the process's CPU from its first line for K8TS_PROFILE_MS and writes a .cpuprofile into
// K8TS_PROFILE_DIR. (Node 20 refuses --cpu-prof in NODE_OPTIONS; the inspector does the same.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname } from 'node:path';

const dir = process.env.K8TS_PROFILE_DIR;
const ms = Number(process.env.K8TS_PROFILE_MS ?? 8000);
if (dir) {
  const session = new Session();
  session.connect();
  // cluster/launch.js runs a component's ENTRY after `--`: name the profile after that entry.
  const sep = process.argv.indexOf('--');
  const script = (sep > 0 ? process.argv[sep + 1] : process.argv[1]) ?? 'node';
  const name = `${basename(dirname(script))}-${basename(script, '.js')}.${process.pid}`;
  session.post('Profiler.enable', () =>
    session.post('Profiler.setSamplingInterval', { interval: 500 }, () =>
      session.post('Profiler.start', () => {
        setTimeout(
          () =>
            session.post('Profiler.stop', (err, r) => {
              if (err) return;
              mkdirSync(dir, { recursive: true });
              writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(r.profile));
            }),
          ms,
        ).unref();
      }),
    ),
  );
}
