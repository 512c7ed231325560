'use strict';
// worker_threads: the addon loads in several JS threads at once (per-thread instance data,
// process-wide audit sink list under a lock); each thread authorizes and receives audit events.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const tenuo = require('..');

async function once() {
  const R = tenuo.SigningKey.generate();
  const A = tenuo.SigningKey.generate();
  const w = tenuo.Warrant.mintBuilder().capability('x').holder(A.publicKey).ttl(60).mint(R);
  const auth = new tenuo.Authorizer({ trustedRoots: [R.publicKey] });
  const seen = [];
  const off = tenuo.onAudit((e) => { if (e.warrant_id === w.id) seen.push(e.action); });
  await auth.authorizeAsync(w, 'x', {}, { signature: w.sign(A, 'x', {}) });
  assert.equal(auth.check(w, 'y', {}, { signature: w.sign(A, 'y', {}) }).status, 1500);
  for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
  off();
  return seen;
}

if (isMainThread) {
  test('worker threads: each thread authorizes and gets its audit events', async () => {
    const workers = [1, 2, 3].map(() => new Worker(__filename));
    const results = await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
      w.on('message', resolve);
      w.on('error', reject);
    })));
    for (const r of results) assert.deepEqual(r, ['authorized', 'denied']);
    assert.deepEqual(await once(), ['authorized', 'denied']);
    await Promise.all(workers.map((w) => w.terminate()));
  });
} else {
  once().then((r) => parentPort.postMessage(r));
}
