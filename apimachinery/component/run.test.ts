import { describe, expect, it } from 'vitest';
import { errorMessage, runMain, type MainHost } from './index.js';

function fakeHost(): MainHost & { handlers: Map<string, () => void>; err: string; codes: number[] } {
  const h = {
    handlers: new Map<string, () => void>(),
    err: '',
    codes: [] as number[],
    onSignal: (sig: string, fn: () => void) => void h.handlers.set(sig, fn),
    stderr: (t: string) => void (h.err += t),
    exit: (c: number) => void h.codes.push(c),
  };
  return h;
}

describe('runMain', () => {
  it('exits 2 with a one-line message on a bad flag, without running', async () => {
    const host = fakeHost();
    let ran = false;
    const code = await runMain('comp', () => { throw new Error('bad --x'); }, async () => { ran = true; }, { host });
    expect({ code, codes: host.codes, err: host.err, ran }).toEqual({ code: 2, codes: [2], err: 'comp: bad --x\n', ran: false });
  });

  it.each(['SIGTERM', 'SIGINT'])('%s aborts the signal; a clean stop exits 0', async (sig) => {
    const host = fakeHost();
    const done = runMain('comp', () => ({ n: 1 }), (opts, signal) => new Promise<void>((resolve) => {
      expect(opts).toEqual({ n: 1 });
      signal.addEventListener('abort', () => resolve());
    }), { host });
    host.handlers.get(sig)!();
    expect(await done).toBe(0);
    expect(host.codes).toEqual([0]);
  });

  it('exits 1 and writes the stack when the component fails', async () => {
    const host = fakeHost();
    const code = await runMain('comp', () => undefined, async () => { throw new Error('lost leadership'); }, { host });
    expect(code).toBe(1);
    expect(host.codes).toEqual([1]);
    expect(host.err).toMatch(/^comp: Error: lost leadership\n\s+at /);
  });
});

describe('runMain for a command-line tool', () => {
  it('exits with the code the body returns', async () => {
    const host = fakeHost();
    expect(await runMain('k8ts', () => ['status'], async () => 3, { host })).toBe(3);
    expect(host.codes).toEqual([3]);
  });

  it('leaves signals alone when asked', async () => {
    const host = fakeHost();
    await runMain('k8ts', () => undefined, async () => undefined, { host, signals: false });
    expect(host.handlers.size).toBe(0);
  });
});

describe('errorMessage', () => {
  it.each([
    [new Error('boom'), 'boom'],
    ['text', 'text'],
    [42, '42'],
  ])('%s', (e, want) => expect(errorMessage(e)).toBe(want));
});
