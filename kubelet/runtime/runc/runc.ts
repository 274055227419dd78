// The runc CLI calls the runtime makes itself (conmon only runs `runc create`): state, start,
// kill, delete. Commands here exit on their own, so pipes are safe for their output.
import { run, runOk, RuntimeError } from '../../host/index.js';

export interface RuncState { id: string; pid: number; status: 'creating' | 'created' | 'running' | 'paused' | 'stopped' }

export class Runc {
  constructor(readonly binary: string, readonly root: string) {}

  args(...rest: string[]): string[] { return ['--root', this.root, ...rest]; }

  /** undefined when runc does not know the container. */
  async state(id: string): Promise<RuncState | undefined> {
    const r = await run(this.binary, this.args('state', id));
    if (r.code !== 0) {
      if (/does not exist|not exist|no such/i.test(r.stderr.toString())) return undefined;
      throw new RuntimeError('Internal', `runc state ${id}: ${r.stderr.toString().trim()}`);
    }
    return JSON.parse(r.stdout.toString()) as RuncState;
  }

  async start(id: string, signal?: AbortSignal): Promise<void> { await runOk(this.binary, this.args('start', id), { signal }); }

  /** Sends a signal; a container that is gone or already stopped is not an error. */
  async kill(id: string, sig: 'TERM' | 'KILL', all = false): Promise<void> {
    const r = await run(this.binary, this.args('kill', ...(all ? ['--all'] : []), id, sig));
    if (r.code !== 0 && !/not running|does not exist|process already finished|no such process|container not running/i.test(r.stderr.toString())) {
      throw new RuntimeError('Internal', `runc kill ${id} ${sig}: ${r.stderr.toString().trim()}`);
    }
  }

  /** Deletes runc's state (and the container's leaf cgroup); unknown ids are fine. */
  async delete(id: string): Promise<void> {
    const r = await run(this.binary, this.args('delete', '--force', id));
    if (r.code !== 0 && !/does not exist|not exist/i.test(r.stderr.toString())) {
      throw new RuntimeError('Internal', `runc delete ${id}: ${r.stderr.toString().trim()}`);
    }
  }
}
