// `kubectl exec [-i] [-t] [-c container] POD|TYPE/NAME -- COMMAND…` through client-node's Exec
// (pods/exec over WebSocket): stdout/stderr streamed, stdin forwarded with -i (raw mode with -t),
// and kubectl's ending: "command terminated with exit code N" and that exit code.
import { CliError, type IO } from './cli-runtime/io.js';
import { podFor } from './logs.js';
import type { Session } from './cli-runtime/session.js';

export interface ExecOptions {
  args: string[];
  /** Arguments after `--`. */
  command: string[];
  container?: string;
  stdin: boolean;
  tty: boolean;
}

interface Pod {
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { containers?: { name: string }[] };
  status?: { phase?: string };
}

export async function exec(s: Session, o: ExecOptions, io: IO): Promise<number> {
  if (o.args.length === 0 || o.command.length === 0) throw new CliError('error: you must specify at least one command for the container');
  const name = await podFor(s, o.args[0]);
  const pod = await s.rest.json<Pod>(`/api/v1/namespaces/${encodeURIComponent(s.namespace)}/pods/${encodeURIComponent(name)}`);
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') throw new CliError(`error: cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  let container = o.container;
  if (!container) {
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    container = annotated ?? names[0] ?? '';
    if (!annotated && names.length > 1) io.stderr(`Defaulted container "${container}" out of: ${names.join(', ')}\n`);
  }
  const [{ Exec }, { Writable, Readable }] = await Promise.all([import('@kubernetes/client-node'), import('node:stream')]);
  const sink = (write: (s: string) => void): InstanceType<typeof Writable> =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        write(chunk.toString('utf8'));
        cb();
      },
    });
  let stdin: InstanceType<typeof Readable> | null = null;
  const raw = o.tty && o.stdin && io.stdin?.isTTY && io.stdin.setRawMode ? io.stdin : undefined;
  // without a stdin stream (tests), -i sends what readStdin returns
  if (o.stdin) stdin = io.stdin ? (io.stdin as unknown as InstanceType<typeof Readable>) : Readable.from([await io.readStdin()]);
  raw?.setRawMode?.(true);
  let status: { status?: string; reason?: string; message?: string; details?: { causes?: { reason?: string; message?: string }[] } } | undefined;
  try {
    const ws = await new Exec(await s.kubeConfig()).exec(s.namespace, name, container, o.command, sink(io.stdout), o.tty ? null : sink(io.stderr), stdin, o.tty, (st) => (status = st as typeof status));
    await new Promise<void>((resolve) => {
      ws.on('close', () => resolve());
      io.signal?.addEventListener('abort', () => ws.close(), { once: true });
    });
  } catch (e) {
    const msg = (e as { message?: string }).message ?? String(e);
    throw new CliError(`error: unable to upgrade connection: ${msg}`);
  } finally {
    raw?.setRawMode?.(false);
  }
  if (status && status.status !== 'Success') {
    const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
    if (status.reason === 'NonZeroExitCode' && code) {
      io.stderr(`command terminated with exit code ${code}\n`);
      return Number(code);
    }
    throw new CliError(`error: ${status.message ?? 'exec failed'}`);
  }
  return 0;
}
