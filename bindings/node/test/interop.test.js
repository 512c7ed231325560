'use strict';
// Interop: warrants and PoPs made in Node are accepted (and refused) by the reference
// (tenuo==0.3.3) and by our Python package exactly as Node decides, and the other way round.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { refPython, requireInterop, REPO, tenuo } = require('./helpers.js');

const { SigningKey, PublicKey, Warrant, Authorizer, Pattern, RawArgs } = tenuo;
const DRIVER = fs.readFileSync(path.join(__dirname, 'py_driver.py'), 'utf8');

const ROOT = SigningKey.fromBytes(Buffer.alloc(32, 0x11));
const AGENT = SigningKey.fromBytes(Buffer.alloc(32, 0x22));
const STRANGER = SigningKey.fromBytes(Buffer.alloc(32, 0x44));
const hex = (k) => k.publicKey.toHex();
const seed = (k) => k.secretBytes().toString('hex');

function py(which, req) {
  const env = { ...process.env };
  let exe;
  if (which === 'ours') {
    exe = process.env.PYTHON || 'python3';
    env.PYTHONPATH = path.join(REPO, 'bindings', 'python');
    env.TENUO_LIBRARY = path.join(REPO, 'build', 'lib', 'libtenuo.so');
  } else {
    exe = refPython();
    delete env.PYTHONPATH;
    delete env.TENUO_LIBRARY;
  }
  const r = spawnSync(exe, ['-c', DRIVER], { input: JSON.stringify(req), encoding: 'utf8', env, timeout: 120000 });
  assert.equal(r.status, 0, `${which} python: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// The calls: allowed, constraint violation, wrong tool, a PoP made over other arguments, no PoP.
// `signed` is the call the holder's PoP covers (null: no PoP).
const CALLS = [
  { tool: 'read_file', args_json: '{"path": "/data/q3.pdf"}' },
  { tool: 'read_file', args_json: '{"path": "/etc/passwd"}' },
  { tool: 'delete_file', args_json: '{"path": "/data/q3.pdf"}' },
  { tool: 'read_file', args_json: '{"path": "/data/q3.pdf"}', signed: '{"path": "/data/q4.pdf"}' },
  { tool: 'read_file', args_json: '{"path": "/data/q3.pdf"}', signed: null },
].map((c) => ({ ...c, signed: c.signed === undefined ? c.args_json : c.signed }));

function nodeVerdict(w, call, sigHex) {
  const auth = new Authorizer({ trustedRoots: [ROOT.publicKey] });
  try {
    auth.authorize(w, call.tool, new RawArgs(call.args_json), { signature: sigHex ? Buffer.from(sigHex, 'hex') : null });
    return 'ok';
  } catch (err) {
    if (!(err instanceof tenuo.TenuoError)) throw err;
    return err.name;
  }
}

const skipReason = refPython() ? false : 'no reference Python (tenuo==0.3.3): set TENUO_REF_PYTHON';
if (skipReason && requireInterop) {
  test('interop suite requires the reference in CI', () => assert.fail(skipReason));
}

for (const other of ['reference', 'ours']) {
  test(`Node -> ${other}: Node's warrants and PoPs get the same verdicts`, { skip: other === 'reference' && skipReason }, () => {
    const w = Warrant.mintBuilder().capability('read_file', { path: Pattern('/data/*') })
      .holder(AGENT.publicKey).ttl(600).mint(ROOT);
    const sigs = CALLS.map((c) => (c.signed ? w.sign(AGENT, c.tool, new RawArgs(c.signed)).toString('hex') : null));
    const want = CALLS.map((c, i) => nodeVerdict(w, c, sigs[i]));
    assert.deepEqual(want, ['ok', 'ConstraintViolation', 'ToolNotAuthorized', 'SignatureInvalid', 'MissingSignature']);
    const res = py(other, {
      check: CALLS.map((c, i) => ({ roots: [hex(ROOT)], chain: [String(w)], tool: c.tool, args_json: c.args_json, sig: sigs[i] })),
    });
    assert.deepEqual(res.check, want);
    // A delegated child made in Node verifies there too.
    const child = w.grant({ to: STRANGER.publicKey, allow: 'read_file', ttl: 300, key: AGENT, constraints: { path: Pattern('/data/sub/*') } });
    const args = '{"path": "/data/sub/a"}';
    const sig = child.sign(STRANGER, 'read_file', new RawArgs(args)).toString('hex');
    const r2 = py(other, { check: [{ roots: [hex(ROOT)], chain: [String(w), String(child)], tool: 'read_file', args_json: args, sig },
      { roots: [hex(ROOT)], chain: [String(w), String(child)], tool: 'read_file', args_json: '{"path": "/data/q3.pdf"}',
        sig: child.sign(STRANGER, 'read_file', { path: '/data/q3.pdf' }).toString('hex') }] });
    assert.deepEqual(r2.check, ['ok', 'ConstraintViolation']);
  });

  test(`${other} -> Node: Python's warrants and PoPs get the same verdicts in Node`, { skip: other === 'reference' && skipReason }, () => {
    const minted = py(other, { mint: [{ issuer_seed: seed(ROOT), holder: hex(AGENT), tool: 'read_file', arg: 'path', pattern: '/data/*', ttl: 600 }] });
    const text = minted.mint[0];
    const signed = py(other, { sign: CALLS.filter((c) => c.signed).map((c) => ({ warrant: text, seed: seed(AGENT), tool: c.tool, args_json: c.signed })) });
    const sigs = [];
    let k = 0;
    for (const c of CALLS) sigs.push(c.signed ? signed.sign[k++] : null);
    const w = Warrant.parse(text);
    assert.equal(w.holder.toHex(), hex(AGENT));
    const got = CALLS.map((c, i) => nodeVerdict(w, c, sigs[i]));
    assert.deepEqual(got, ['ok', 'ConstraintViolation', 'ToolNotAuthorized', 'SignatureInvalid', 'MissingSignature']);
    // Node's PoP for the same call and window is byte-identical to Python's (deterministic Ed25519).
    const now = Math.floor(Date.now() / 1000);
    const pair = py(other, { sign: [{ warrant: text, seed: seed(AGENT), tool: 'read_file', args_json: '{"path": "/data/x", "n": 1.0}', now }] });
    const mine = w.sign(AGENT, 'read_file', { path: '/data/x', n: tenuo.float(1) }, { now }).toString('hex');
    assert.equal(pair.sign[0], mine);
    // 1.0 and 1 are different values: the int form signs differently.
    assert.notEqual(w.sign(AGENT, 'read_file', { path: '/data/x', n: 1 }, { now }).toString('hex'), mine);
  });
}
