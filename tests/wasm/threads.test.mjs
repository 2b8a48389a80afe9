// The single-threaded module in Node: one thread is all it has, and asking for more is refused with a
// message (the threaded module's counts are checked in the page's worker: tests/e2e/threads.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './module.mjs';

test('the single-threaded module runs on 1 thread and refuses 2 or 0 with the allowed range', async () => {
  const m = await loadModule();
  assert.equal(m.threads(), 1);
  m.setThreads(1);
  assert.throws(() => m.setThreads(2), /threads: 2 is not between 1 and 1 \(this build has no threads\)/);
  assert.throws(() => m.setThreads(0), /threads: 0 is not between 1 and 1/);
  assert.equal(m.threads(), 1);
});
