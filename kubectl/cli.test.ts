import { describe, expect, it } from 'vitest';
import { main } from './cli.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: async () => '', env: { KUBECONFIG: '/nonexistent' } });
  return { code, stdout, stderr };
}

describe('main: command-line errors before any request', () => {
  it.each([
    ['no command', [], 'error: a command is required (get, describe, apply, create, delete, edit, scale, label, annotate, logs, exec, port-forward, rollout, set, cordon, uncordon, drain, wait, events, explain, config, cluster-info, auth, api-resources, version, why)\n'],
    ['an unknown command', ['frobnicate'], 'error: unknown command "frobnicate" for "kubectl"\n'],
    ['an unknown flag', ['get', 'pods', '--bogus'], "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"],
    ['a flag of another command', ['scale', '--overwrite'], "Error: unknown flag: --overwrite\nSee 'kubectl scale --help' for usage.\n"],
    ['apply with arguments', ['apply', 'x'], "error: Unexpected args: [x]\nSee 'kubectl apply -h' for help and examples\n"],
    ['an unknown context', ['--context=nope', 'get', 'pods'], 'error: context "nope" does not exist\n'],
    ['a boolean that is not one', ['get', 'pods', '--all-namespaces=maybe'], 'Error: invalid argument "maybe" for "--all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n'],
    ['a bad --timeout', ['wait', 'pod/x', '--for=delete', '--timeout=5x'], 'error: invalid argument "5x" for "--timeout" flag: time: unknown unit "x" in duration "5x"\n'],
  ])('%s', async (_n, args, stderr) => {
    expect(await run(args)).toEqual({ code: 1, stdout: '', stderr });
  });

  it.each(['--all-namespaces=T', '--all-namespaces=1', '--all-namespaces=False'])('takes Go booleans: %s gets as far as the request', async (flag) => {
    expect((await run(['get', 'pods', flag])).stderr).toMatch(/^The connection to the server/);
  });

  it('reports a refused connection like kubectl', async () => {
    const r = await run(['-n', 'x', 'get', 'pods']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The connection to the server (127\.0\.0\.1|::1|localhost):8080 was refused - did you specify the right host or port\?\n$/);
  });
});
