import { describe, expect, it } from 'vitest';
import { parseFlags } from './options.js';

describe('parseFlags', () => {
  it.each([
    { argv: [], want: { leaderElect: undefined, securePort: undefined } },
    { argv: ['--leader-elect'], want: { leaderElect: true } },
    { argv: ['--leader-elect=false'], want: { leaderElect: false } },
    { argv: ['--leader-elect=F'], want: { leaderElect: false } },
    { argv: ['--v=4'], want: { logLevel: 'debug' } },
    { argv: ['--kubeconfig', '/tmp/kc', '--master=http://127.0.0.1:6443'], want: { kubeconfig: '/tmp/kc', master: 'http://127.0.0.1:6443' } },
    { argv: ['--scheduler-name=my-sched', '--secure-port=0', '--bind-address=127.0.0.1'], want: { schedulerName: 'my-sched', securePort: 0, bindAddress: '127.0.0.1' } },
    { argv: ['--config', 'c.yaml', '--leader-elect-resource-name=s2'], want: { config: 'c.yaml', leaderElection: { resourceName: 's2' } } },
  ])('$argv', ({ argv, want }) => {
    expect(parseFlags(argv)).toMatchObject(want);
  });

  it.each([[['--secure-port=70000']], [['--leader-elect=maybe']], [['--bogus']]])('rejects %j', (argv) => {
    expect(() => parseFlags(argv)).toThrow();
  });
});
