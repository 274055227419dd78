// ReconcilerBase: the controller its subclass wires is the one run() and `controller` give, keyed
// by the subclass's reconcile; a subclass that never calls complete() fails loudly.
import { describe, expect, it } from 'vitest';
import type { ObjectKey } from '../../apimachinery/controller/index.js';
import { settle, testContext } from '../testing/index.js';
import { ReconcilerBase } from './reconciler.js';
import type { ControllerContext } from './context.js';

class Recording extends ReconcilerBase {
  readonly seen: string[] = [];
  constructor(ctx: ControllerContext, wire: boolean) {
    super(ctx, 'recording');
    if (wire) this.complete(this.builder(1).for(this.ctx.informers.informer('namespaces')));
  }
  async reconcile(key: ObjectKey): Promise<void> {
    this.seen.push(key.name);
  }
}

describe('ReconcilerBase', () => {
  it('reconciles the keys of the controller its subclass wired', async () => {
    const r = new Recording(testContext().ctx, true);
    r.controller.enqueue('a');
    await settle([r.controller]);
    expect(r.seen).toEqual(['a']);
  });

  it('throws when the subclass never called complete()', () => {
    const r = new Recording(testContext().ctx, false);
    expect(() => r.controller).toThrow(/recording: complete\(\) was not called/);
  });
});
