#!/usr/bin/env node
// k8ts-kubectl: the bundled mini-kubectl's process entry. Wires main() to the real stdio and exits
// with its code; SIGINT/SIGTERM abort long-running commands (logs -f, delete's wait).
import { main } from './cli.js';

const ac = new AbortController();
process.once('SIGINT', () => ac.abort());
process.once('SIGTERM', () => ac.abort());

const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
  stdin: process.stdin,
  stdoutIsTTY: process.stdout.isTTY === true,
  signal: ac.signal,
});
process.stdout.write('', () => process.exit(code));
