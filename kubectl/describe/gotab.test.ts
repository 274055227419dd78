import { describe, expect, it } from 'vitest';
import { TabWriter } from './gotab.js';

describe('TabWriter', () => {
  it('aligns blocks of consecutive lines and breaks them at lines without tabs', () => {
    const w = new TabWriter();
    w.write('Name:\tp2\nService Account:\tdefault\nVolumes:\n  tmp:\n    Medium:\t\n    SizeLimit:\t<unset>\nNode-Selectors:\t<none>\n');
    expect(w.toString()).toBe('Name:             p2\nService Account:  default\nVolumes:\n  tmp:\n    Medium:      \n    SizeLimit:   <unset>\nNode-Selectors:  <none>\n');
  });

  it('aligns nested columns within the outer block only', () => {
    const w = new TabWriter();
    w.write('Events:\n  Type\tReason\tMessage\n  ----\t------\t-------\n  Normal\tScheduled\tok\n');
    expect(w.toString()).toBe('Events:\n  Type    Reason     Message\n  ----    ------     -------\n  Normal  Scheduled  ok\n');
  });
});
