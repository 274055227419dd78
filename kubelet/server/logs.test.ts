import { mkdtempSync, rmSync, writeFileSync, appendFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { logOptions, parseCriLine, streamLog } from './logs.js';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, '0.log');
writeFileSync(file, [
  '2025-01-01T00:00:01.000000000Z stdout F one',
  '2025-01-01T00:00:02.000000000Z stderr F two',
  '2025-01-01T00:00:03.000000000Z stdout P thr',
  '2025-01-01T00:00:03.100000000Z stdout F ee',
  '2025-01-01T00:00:04.000000000Z stdout F four',
  '',
].join('\n'));

async function read(query: string, now = Date.parse('2025-01-01T00:00:10Z')): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (d: Buffer) => chunks.push(d));
  await streamLog(file, logOptions(new URLSearchParams(query)), out, async () => false, new AbortController().signal, now);
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits for what the stream has written, not for a guess at how long that takes. */
async function seen(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the followed output');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('CRI logs', () => {
  it.each([
    ['follow=true', true],
    ['follow=True', true],
    ['follow=1', true],
    ['follow=t', true],
    ['follow=False', false],
    ['follow=0', false],
    ['', false],
  ])('%s: follow is %s (Kubernetes reads booleans so; the Python client sends True)', (query, want) => {
    expect(logOptions(new URLSearchParams(query)).follow).toBe(want);
  });

  it('parses lines', () => {
    expect(parseCriLine('2025-01-01T00:00:01Z stdout F hello world')).toEqual({ time: '2025-01-01T00:00:01Z', stream: 'stdout', partial: false, content: 'hello world' });
    expect(parseCriLine('garbage')).toBeUndefined();
  });

  it.each([
    ['', 'one\ntwo\nthree\nfour\n'],
    ['tailLines=2', 'three\nfour\n'],
    ['tailLines=0', ''],
    ['sinceSeconds=7', 'three\nfour\n'],
    ['timestamps=true&tailLines=1', '2025-01-01T00:00:04.000000000Z four\n'],
    ['limitBytes=6', 'one\ntw'],
  ])('?%s', async (q, want) => {
    expect(await read(q)).toBe(want);
  });

  it('follows new lines until the container stops', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    let alive = true;
    const done = streamLog(file, logOptions(new URLSearchParams('follow=true&tailLines=1')), out, async () => alive, new AbortController().signal);
    await seen(() => text === 'four\n');
    appendFileSync(file, '2025-01-01T00:00:05.000000000Z stdout F five\n');
    await seen(() => text.includes('five\n'));
    alive = false;
    await done;
    expect(text).toBe('four\nfive\n');
  });

  it('follows on into the new file after a rotation', async () => {
    const f = join(dir, 'rot.log');
    writeFileSync(f, '2025-01-01T00:00:01.000000000Z stdout F one\n');
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    let alive = true;
    const done = streamLog(f, logOptions(new URLSearchParams('follow=true')), out, async () => alive, new AbortController().signal);
    await seen(() => text === 'one\n');
    appendFileSync(f, '2025-01-01T00:00:02.000000000Z stdout F two\n');
    renameSync(f, `${f}.20250101-000002`);
    writeFileSync(f, '2025-01-01T00:00:03.000000000Z stdout F three\n');
    await seen(() => text.includes('three\n'));
    appendFileSync(f, '2025-01-01T00:00:04.000000000Z stdout F four\n');
    await seen(() => text.includes('four\n'));
    alive = false;
    await done;
    expect(text).toBe('one\ntwo\nthree\nfour\n');
  });
});
