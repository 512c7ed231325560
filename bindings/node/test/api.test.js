'use strict';
// The Node API itself: values (int/float rule), errors, close/finalizers, async work under
// load, audit delivery, wrong-type arguments, keys, constraints.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');

// One pool thread for the async test (libuv reads this at its first queued work): on a small
// machine the pool then leaves the main thread a core, which is how a server should size it.
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '1';
const vm = require('node:vm');
const { spawnSync } = require('node:child_process');
const { REPO, tenuo } = require('./helpers.js');

const { SigningKey, PublicKey, Warrant, WarrantChain, Authorizer, Pattern, Range, Exact, float, RawArgs } = tenuo;
const native = tenuo._native;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const tick = () => new Promise((r) => setImmediate(r));

const ROOT = SigningKey.fromBytes(Buffer.alloc(32, 0x11));
const AGENT = SigningKey.fromBytes(Buffer.alloc(32, 0x22));

function mintRead() {
  return Warrant.mintBuilder().capability('read_file', { path: Pattern('/data/*'), n: Range({ max: 10 }) })
    .holder(AGENT.publicKey).ttl(600).mint(ROOT);
}

test('values: ints and floats stay apart; unsafe integers and non-values are refused', () => {
  const w = Warrant.mintBuilder().capability('t', { n: Exact(1) }).holder(AGENT.publicKey).ttl(60).mint(ROOT);
  assert.equal(w.allows('t', { n: 1 }), true);
  assert.equal(w.allows('t', { n: 1n }), true);          // BigInt: always an int
  assert.equal(w.allows('t', { n: float(1) }), false);   // Float(1) is 1.0, not 1
  assert.equal(w.allows('t', { n: 1.5 }), false);
  const wf = Warrant.mintBuilder().capability('t', { n: Exact(float(2)) }).holder(AGENT.publicKey).ttl(60).mint(ROOT);
  assert.equal(wf.allows('t', { n: float(2) }), true);
  assert.equal(wf.allows('t', { n: 2 }), false);
  assert.equal(wf.allows('t', new RawArgs('{"n": 2.0}')), true);
  assert.throws(() => w.allows('t', { n: 2 ** 53 }), RangeError);
  assert.throws(() => w.allows('t', { n: 2n ** 64n }), RangeError);
  for (const bad of [undefined, () => 1, Symbol('x'), new Date(), Buffer.alloc(1), new Map()]) {
    assert.throws(() => w.allows('t', { n: bad }), TypeError);
  }
  const nested = Warrant.mintBuilder().capability('t', { _allow_unknown: true }).holder(AGENT.publicKey).ttl(60).mint(ROOT);
  assert.equal(nested.allows('t', { a: [1, float(2), 'x', null, true, { b: [] }] }), true);
  assert.equal(tenuo.parseJSON('{"a": 1.0}').a instanceof tenuo.Float, true);
});

test('errors: classes, codes and instanceof follow the Python package', () => {
  const w = mintRead();
  const auth = new Authorizer({ trustedRoots: [ROOT.publicKey] });
  const sig = (args) => w.sign(AGENT, 'read_file', args);
  assert.equal(auth.authorize(w, 'read_file', { path: '/data/a', n: 3 }, { signature: sig({ path: '/data/a', n: 3 }) }), true);
  const cases = [
    [() => auth.authorize(w, 'read_file', { path: '/etc/x', n: 3 }, { signature: sig({ path: '/etc/x', n: 3 }) }), 'ConstraintViolation', 1501],
    [() => auth.authorize(w, 'write_file', { path: '/data/a', n: 3 }, { signature: sig({ path: '/data/a', n: 3 }) }), 'ToolNotAuthorized', 1500],
    [() => auth.authorize(w, 'read_file', { path: '/data/a', n: 3 }), 'MissingSignature', 1100],
    [() => auth.authorize(w, 'read_file', { path: '/data/a', n: 3 }, { signature: Buffer.alloc(64) }), 'SignatureInvalid', 1100],
    [() => new Authorizer({ trustedRoots: [AGENT.publicKey] }).authorize(w, 'read_file', {}, { signature: sig({}) }), 'UntrustedRoot', 1406],
    [() => Warrant.parse('not a warrant'), 'DeserializationError', 7],
  ];
  for (const [fn, name, status] of cases) {
    assert.throws(fn, (err) => {
      assert.equal(err.name, name);
      assert.equal(err.status, status);
      assert.ok(err instanceof tenuo.TenuoError);
      assert.ok(err instanceof tenuo[name]);
      return true;
    });
  }
  const err = (() => { try { cases[0][0](); } catch (e) { return e; } })();
  assert.ok(err instanceof tenuo.ScopeViolation);
  assert.equal(err.field, 'n' === err.field ? 'n' : 'path');
  assert.equal(err.code, 'constraint-violation');
  const ate = new tenuo.ArgumentTypeError('x');
  assert.ok(ate instanceof TypeError && ate instanceof tenuo.ValidationError && ate instanceof tenuo.TenuoError);
  assert.ok(!(new tenuo.ToolNotAuthorized('x') instanceof tenuo.ChainError));
});

test('errors: the JS status -> class table equals the Python package\'s for every status', () => {
  const codes = Object.keys(tenuo.errors.STATUS_NAMES).map(Number).filter((c) => c > 0);
  const script = `import json,sys\nfrom tenuo import exceptions as e\nprint(json.dumps({c: e.class_for_status(c, "").__name__ for c in json.load(sys.stdin)}))`;
  const r = spawnSync(process.env.PYTHON || 'python3', ['-c', script], {
    input: JSON.stringify(codes), encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: path.join(REPO, 'bindings', 'python'), TENUO_LIBRARY: path.join(REPO, 'build', 'lib', 'libtenuo.so') },
  });
  assert.equal(r.status, 0, r.stderr);
  const py = JSON.parse(r.stdout);
  for (const c of codes) assert.equal(tenuo.errors.classForStatus(c, '').name, py[c], `status ${c}`);
  // A finer error kind (tenuo_last_error_kind, when the library reports it) names the subclass.
  assert.equal(tenuo.errors.classForStatus(1503, '', 'PatternExpanded').name, 'PatternExpanded');
  // ... and a real refusal gets the Python package's subclass.
  const parentC = tenuo.Pattern('/data/*');
  const childC = tenuo.Pattern('/*');
  const r2 = spawnSync(process.env.PYTHON || 'python3', ['-c', 'import sys\nfrom tenuo import Pattern\ntry:\n    Pattern("/data/*").validate_attenuation(Pattern("/*"))\nexcept Exception as e:\n    print(type(e).__name__)'], {
    encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(REPO, 'bindings', 'python'), TENUO_LIBRARY: path.join(REPO, 'build', 'lib', 'libtenuo.so') },
  });
  assert.equal(r2.status, 0, r2.stderr);
  assert.throws(() => parentC.validateAttenuation(childC), (err) => err.name === r2.stdout.trim());
});

test('close(): idempotent, use-after-close throws ClosedHandleError, closed flag', () => {
  const k = SigningKey.generate();
  const pk = k.publicKey;
  assert.equal(k.closed, false);
  k.close();
  k.close();
  assert.equal(k.closed, true);
  assert.throws(() => k.publicKey, tenuo.ClosedHandleError);
  assert.throws(() => Warrant.mintBuilder().tool('t').mint(k), tenuo.ClosedHandleError);
  assert.equal(pk.toBytes().length, 32); // the public key is its own handle
  const w = mintRead();
  w.close();
  assert.throws(() => w.toBase64(), tenuo.ClosedHandleError);
  assert.equal(String(w), '<Warrant closed>');
});

test('finalizers: 10^6 handle-creating calls leave RSS flat and no live handles', async () => {
  const pkBytes = AGENT.publicKey.toBytes();
  const batch = 20000;
  const run = async (n) => {
    for (let i = 0; i < n / batch; i++) {
      for (let j = 0; j < batch; j++) PublicKey.fromBytes(pkBytes);
      gc();
      await tick(); // Node runs N-API finalizers when the loop turns
    }
  };
  const before0 = native.liveHandles();
  await run(100000); // warm-up
  gc(); await tick(); gc(); await tick();
  const rss1 = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  await run(1000000);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  gc(); await tick(); gc(); await tick();
  const rss2 = process.memoryUsage().rss;
  const live = native.liveHandles();
  console.log(`counts: finalizers: 1000000 PublicKey.fromBytes in ${secs.toFixed(1)} s; RSS ${(rss1 / 1048576).toFixed(1)} -> ${(rss2 / 1048576).toFixed(1)} MiB; live handles ${before0} -> ${live}`);
  assert.ok(live <= before0 + 50, `live handles ${live}`);
  assert.ok(rss2 - rss1 < 32 * 1048576, `RSS grew by ${(rss2 - rss1) / 1048576} MiB`);
});

test('async: 1,000 concurrent authorizations are correct and the event loop stays responsive', async () => {
  const w = mintRead();
  const child = w.grant({ to: ROOT.publicKey, allow: 'read_file', ttl: 300, key: AGENT, constraints: { path: Pattern('/data/sub/*'), n: Range({ max: 5 }) } });
  const chain = WarrantChain.from([w, child]);
  const auth = new Authorizer({ trustedRoots: [ROOT.publicKey] });
  const now = native.now();
  const jobs = [];
  for (let i = 0; i < 1000; i++) {
    const allowed = i % 3 !== 0;
    const args = { path: allowed ? `/data/sub/${i}` : `/etc/${i}`, n: i % 5 };
    const signature = child.sign(ROOT, 'read_file', args, { now });
    jobs.push({ args, signature, allowed });
  }
  // Timer lag: how late a 5 ms interval fires while the 1,000 calls (all queued at once, in one
  // synchronous loop of N-API calls, timed separately) run on the pool.
  let maxLag = 0;
  let ticks = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    maxLag = Math.max(maxLag, t - last - 5);
    last = t;
    ticks++;
  }, 5);
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  const promises = jobs.map((j) => auth.authorizeAsync(chain, 'read_file', j.args, { signature: j.signature, now }));
  const queueMs = performance.now() - t0;
  const settled = Promise.allSettled(promises);
  last = performance.now();
  maxLag = 0;
  ticks = 0;
  const results = await settled;
  maxLag = Math.max(maxLag, performance.now() - last - 5); // a stall at the very end counts too
  const elapsed = performance.now() - t0;
  clearInterval(timer);
  results.forEach((r, i) => {
    if (jobs[i].allowed) assert.equal(r.status, 'fulfilled', `job ${i}: ${r.reason}`);
    else {
      assert.equal(r.status, 'rejected', `job ${i}`);
      assert.equal(r.reason.name, 'ConstraintViolation');
    }
  });
  // The same decisions synchronously, for comparison (this blocks the loop for its whole duration).
  const s0 = performance.now();
  for (const j of jobs) assert.equal(auth.check(chain, 'read_file', j.args, { signature: j.signature, now }) === null, j.allowed);
  const syncMs = performance.now() - s0;
  console.log(`counts: async: 1000 concurrent chain authorizations in ${elapsed.toFixed(0)} ms (queuing ${queueMs.toFixed(0)} ms), ` +
    `max timer lag while they ran ${maxLag.toFixed(1)} ms (${ticks} ticks of a 5 ms timer); the same 1000 synchronously block the loop ${syncMs.toFixed(0)} ms`);
  assert.ok(maxLag < Math.max(25, syncMs / 2), `event loop lag ${maxLag} ms`);
  // Closing the objects while work is queued is safe: the work finishes on its own reference.
  const w2 = mintRead();
  const a2 = new Authorizer({ trustedRoots: [ROOT.publicKey] });
  const sig = w2.sign(AGENT, 'read_file', { path: '/data/x', n: 1 });
  const pending = Array.from({ length: 50 }, () => a2.authorizeAsync(w2, 'read_file', { path: '/data/x', n: 1 }, { signature: sig }));
  w2.close();
  a2.close();
  assert.deepEqual(await Promise.all(pending), Array(50).fill(true));
  await assert.rejects(a2.authorizeAsync(w, 'read_file', {}), tenuo.ClosedHandleError);
  // Parsing (signature verification) off the loop.
  const parsed = await Warrant.parseAsync(String(w));
  assert.equal(parsed.id, w.id);
  await assert.rejects(Warrant.parseAsync('AAAA'), tenuo.TenuoError);
  const pc = await WarrantChain.parseAsync(chain.toBase64());
  assert.equal(pc.length, 2);
});

test('audit: events from sync and async decisions reach the callback; unregister stops them', async () => {
  const w = mintRead();
  const auth = new Authorizer({ trustedRoots: [ROOT.publicKey] });
  const events = [];
  const off = tenuo.onAudit((e) => events.push(e));
  const args = { path: '/data/a', n: 1 };
  auth.check(w, 'read_file', args, { signature: w.sign(AGENT, 'read_file', args) });
  auth.check(w, 'read_file', { path: '/etc/a', n: 1 }, { signature: w.sign(AGENT, 'read_file', { path: '/etc/a', n: 1 }) });
  await auth.authorizeAsync(w, 'read_file', args, { signature: w.sign(AGENT, 'read_file', args) }); // decided on a pool thread
  for (let i = 0; i < 20 && events.length < 3; i++) await tick();
  assert.deepEqual(events.map((e) => e.action), ['authorized', 'denied', 'authorized']);
  assert.equal(events[1].error_code, 'CONSTRAINT_VIOLATION');
  assert.equal(events[0].warrant_id, w.id);
  assert.equal(events[0].arguments.path, '[REDACTED]');
  assert.equal(off(), true);
  assert.equal(off(), false);
  auth.check(w, 'read_file', args, { signature: w.sign(AGENT, 'read_file', args) });
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(events.length, 3);
});

const describe = (v) => {
  try { return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v); } catch { return typeof v; }
};

test('wrong-type arguments throw TypeError, never crash (public API)', () => {
  const w = mintRead();
  const auth = new Authorizer({ trustedRoots: [ROOT.publicKey] });
  const bads = [
    () => SigningKey.fromBytes('00'), () => SigningKey.fromEnv(1), () => SigningKey.fromFile(null),
    () => PublicKey.fromBytes([1, 2]), () => PublicKey.parse(5),
    () => Warrant.parse(Buffer.alloc(3)), () => Warrant.fromBytes('x'),
    () => Warrant.mintBuilder().capability(1), () => Warrant.mintBuilder().capability('t', 'x'),
    () => Warrant.mintBuilder().capability('t', { a: 5 }), () => Warrant.mintBuilder().holder('pk'),
    () => Warrant.mintBuilder().tool('t').mint('key'), () => Warrant.mintBuilder().tool('t').ttl('x').mint(ROOT),
    () => Warrant.mintBuilder('bogus'),
    () => w.sign('key', 'read_file', {}), () => w.sign(AGENT, 1, {}), () => w.sign(AGENT, 'read_file', 'args'),
    () => w.sign(AGENT, 'read_file', {}, { now: 'soon' }), () => w.whyDenied(null), () => w.whyDenied('t', [1]),
    () => w.grant({ to: 'x', allow: 'read_file', key: AGENT }), () => w.grant({ to: ROOT.publicKey, allow: 5, key: AGENT }),
    () => w.grant(null), () => w.verifyPop('t', {}, 'sig'),
    () => new Authorizer({ trustedRoots: ['x'] }), () => new Authorizer('x'),
    () => auth.authorize('w', 'read_file', {}), () => auth.authorize(w, 5, {}), () => auth.authorize(w, 't', {}, { signature: 'x' }),
    () => auth.authorize(w, 't', {}, { now: {} }), () => auth.authorize(w, 't', 7),
    () => WarrantChain.from([w, 'x']), () => WarrantChain.from('x'),
    () => Pattern(5), () => Range({ max: 'x' }), () => Range(5), () => tenuo.OneOf('x'), () => tenuo.Subpath(1),
    () => tenuo.onAudit('x'), () => tenuo.auditIncludeArguments('yes'), () => tenuo.float('1'), () => new RawArgs(5),
  ];
  bads.forEach((fn, i) => assert.throws(fn, TypeError, `case ${i}: ${fn}`));
  // The addon itself checks every argument too (the JS layer is not its only guard).
  const junk = [undefined, null, 0, -1, 1.5, 'x', {}, [], 1n, Buffer.alloc(0), Buffer.alloc(64), true, native.mintNew(0)];
  let calls = 0;
  for (const name of Object.getOwnPropertyNames(native)) {
    const fn = native[name];
    if (typeof fn !== 'function') continue;
    if (['setErrorFactory', 'auditRegister', 'close', 'now', 'version', 'liveHandles'].includes(name)) continue;
    for (const a of junk) {
      for (const b of junk) {
        calls++;
        try {
          const r = fn(a, b, a, b, a, b);
          if (r && typeof r.catch === 'function') r.catch(() => {});
        } catch (err) {
          assert.ok(err instanceof TypeError || err instanceof RangeError || err instanceof tenuo.TenuoError,
            `${name}(${describe(a)}, ${describe(b)}) threw ${err && err.constructor.name}: ${err && err.message}`);
        }
      }
    }
  }
  console.log(`counts: type-checks: ${bads.length} public calls threw TypeError; ${calls} junk native calls returned or threw cleanly`);
});

test('keys: fromEnv, fromFile, parse round trips; PEM/base64 warrant forms', () => {
  const k = SigningKey.generate();
  const hex = k.secretBytes().toString('hex');
  process.env.TENUO_NODE_TEST_KEY = hex;
  assert.ok(SigningKey.fromEnv('TENUO_NODE_TEST_KEY').publicKey.equals(k.publicKey));
  const file = path.join(os.tmpdir(), `tenuo-node-key-${process.pid}`);
  fs.writeFileSync(file, hex, { mode: 0o600 });
  try {
    assert.ok(SigningKey.fromFile(file).publicKey.equals(k.publicKey));
  } finally {
    fs.unlinkSync(file);
  }
  assert.throws(() => SigningKey.fromEnv('TENUO_NODE_TEST_MISSING'), tenuo.TenuoError);
  assert.ok(PublicKey.parse(k.publicKey.toHex()).equals(k.publicKey));
  const w = mintRead();
  assert.equal(Warrant.parse(w.toPem()).id, w.id);
  assert.equal(Warrant.fromBytes(w.toBytes()).toBase64(), String(w));
  assert.ok(!String(k).includes(hex) && !require('node:util').inspect(k).includes(hex));
});

test('constraints: every type builds, round-trips through libtenuo and decides', () => {
  const C = tenuo;
  const table = [
    [C.Exact('a'), 'a', 'b'], [C.Pattern('/d/*'), '/d/x', '/e'], [C.Range({ min: 0, max: 10 }), 5, 11],
    [C.OneOf(['a', 'b']), 'a', 'c'], [C.NotOneOf(['p']), 'q', 'p'], [C.Wildcard(), 'any', undefined],
    [C.Contains(['x']), ['x', 'y'], ['y']], [C.Subset(['r', 'w']), ['r'], ['x']],
    [C.All([C.Range({ max: 100 }), C.NotOneOf([13])]), 12, 13], [C.AnyOf([C.Pattern('/p/*'), C.Exact('z')]), 'z', 'y'],
    [C.Not(C.Pattern('/s/*')), '/o', '/s/1'], [C.Subpath('/home/a'), '/home/a/x', '/home/b'],
    [C.Shlex(['ls']), 'ls -l', 'rm -rf /; ls'], [C.Regex('^r-[0-9]+$'), 'r-12', 'x'],
    [C.Cidr('10.0.0.0/8'), '10.1.2.3', '11.0.0.1'], [C.UrlPattern('https://*.example.com/*'), 'https://a.example.com/x', 'http://evil.com/'],
    [C.UrlSafe({ allow_domains: ['api.github.com'] }), 'https://api.github.com/x', 'http://169.254.169.254/'],
  ];
  for (const [c, yes, no] of table) {
    assert.equal(C.Constraint.fromJSON(String(c)).toJSON().type, c.toJSON().type);
    assert.equal(c.matches(yes), true, `${c} ${yes}`);
    if (no !== undefined) assert.equal(c.matches(no), false, `${c} ${no}`);
  }
  assert.throws(() => C.Pattern('/d/*').validateAttenuation(C.Pattern('/*')), tenuo.MonotonicityError);
  C.Pattern('/d/*').validateAttenuation(C.Pattern('/d/e/*'));
  console.log(`counts: constraints: ${table.length} constraint types decided`);
});

test('ESM entry exposes the same objects', async () => {
  const m = await import(path.join(__dirname, '..', 'lib', 'index.mjs'));
  assert.equal(m.Warrant, Warrant);
  assert.equal(m.default.Authorizer, Authorizer);
});

test('package: require("tenuo") and import "tenuo" resolve through package.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenuo-node-pkg-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(__dirname, '..'), path.join(dir, 'node_modules', 'tenuo'), 'dir');
    const cjs = spawnSync(process.execPath, ['-e', "const t = require('tenuo'); console.log(typeof t.Warrant.mintBuilder, t.version)"], { cwd: dir, encoding: 'utf8' });
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.match(cjs.stdout, /^function \d+\.\d+\.\d+/);
    const esm = spawnSync(process.execPath, ['--input-type=module', '-e', "import t, { Authorizer } from 'tenuo'; console.log(t.Authorizer === Authorizer)"], { cwd: dir, encoding: 'utf8' });
    assert.equal(esm.status, 0, esm.stderr);
    assert.equal(esm.stdout.trim(), 'true');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('README: the Node quick start snippet runs and prints what it says', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Node.js quick start'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(m, 'no js block in the Node quick start');
  const code = m[1].replace("require('./bindings/node')", `require(${JSON.stringify(path.join(__dirname, '..'))})`);
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['CONSTRAINT_MISMATCH', 'true']);
});
