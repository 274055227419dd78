// pods/attach on the kubelet: the runtime's attach session dressed as an exec session, so the
// v5.channel.k8s.io WebSocket code of exec.ts serves it unchanged (stdin 0, stdout 1, stderr 2,
// one Status on 3 once the container exits, resize 4). Closing the WebSocket detaches.
import type { ExecSession, RuntimeService } from '../runtime/index.js';
import type { ExecRequest } from './exec.js';

export async function attachSession(runtime: RuntimeService, containerId: string, r: ExecRequest): Promise<ExecSession> {
  const a = await runtime.attach(containerId, { stdin: r.stdin, tty: r.tty });
  return {
    stdin: a.stdin,
    stdout: a.stdout,
    stderr: a.stderr,
    resize: (size) => a.resize(size),
    exit: a.done.then(() => 0),
    kill: () => a.close(),
  };
}
