'use strict';
// The repository's shared vectors through the Node API: Tests/Vectors/vectors.json case by case
// (the cases the Swift suite, the C parity runner and the Python tests run, with the same
// verdicts) and every case of the differential files Tests/Vectors/constraints-*.json.
// Each file prints "counts: <file>: N passed, M failed".
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { loadCases, statusOf, H, VECTORS, tenuo } = require('./helpers.js');

const { Warrant, WarrantChain, SigningKey, PublicKey, Authorizer, Constraint, RawArgs } = tenuo;

function constraintSet(spec) {
  const out = {};
  for (const k of Object.keys(spec)) out[k] = k === '_allow_unknown' ? spec[k] : Constraint.fromJSON(spec[k]);
  return out;
}

function runDecode(c) {
  let w;
  const code = statusOf(() => { w = Warrant.fromBytes(H(c.envelope_hex)); });
  assert.equal(code, c.expect.code);
  if (code) return;
  const e = c.expect;
  assert.equal(w.payloadBytes.toString('hex'), e.payload_hex);
  assert.equal(w.toBytes().toString('hex'), c.envelope_hex);
  if ('id' in e) assert.equal(w.id, e.id);
  if ('depth' in e) assert.equal(w.depth, e.depth);
  if ('max_depth' in e) assert.equal(w.maxDepth, e.max_depth);
  if ('expires_at' in e) assert.equal(w.expiresAt, e.expires_at);
  if ('type' in e) assert.equal(w.warrantType, e.type);
}

function runMintOrGrant(c) {
  const key = SigningKey.fromBytes(H(c.issuer_seed));
  const holder = PublicKey.fromBytes(H(c.holder));
  let w;
  const code = statusOf(() => {
    const b = c.kind === 'mint' ? Warrant.mintBuilder()
      : Warrant.fromBytes(H(c.parent_envelope_hex)).grantBuilder();
    for (const [tool, spec] of Object.entries(c.tools)) b.capability(tool, constraintSet(spec));
    b.holder(holder).id(H(c.warrant_id)).expiresAt(c.expires_at).maxDepth(c.max_depth);
    if (c.clearance !== undefined && c.clearance !== null) b.clearance(c.clearance);
    w = c.kind === 'mint' ? b.mint(key, { now: c.issued_at }) : b.grant(key, { now: c.issued_at });
  });
  assert.equal(code, c.expect.code);
  if (code === 0) assert.equal(w.toBytes().toString('hex'), c.expect.envelope_hex);
}

function runChainOrAuthorize(c) {
  const auth = new Authorizer({ trustedRoots: c.trusted_roots.map((r) => PublicKey.fromBytes(H(r))) });
  let chain;
  const code = statusOf(() => { chain = c.envelopes_hex.map((e) => Warrant.fromBytes(H(e))); });
  if (code) { assert.equal(code, c.expect.code, 'at decode'); return; }
  const now = c.now;
  if (c.kind === 'chain') {
    assert.equal(statusOf(() => auth.verifyChain(WarrantChain.from(chain), { now })), c.expect.code);
    return;
  }
  const args = new RawArgs(c.args_json);
  let signature = null;
  if (c.pop && c.pop.holder_seed) {
    signature = chain[chain.length - 1].sign(SigningKey.fromBytes(H(c.pop.holder_seed)), c.tool, args, { now });
  }
  let error = null;
  try {
    auth.authorize(WarrantChain.from(chain), c.tool, args, { signature, now });
  } catch (err) {
    if (!(err instanceof tenuo.TenuoError)) throw err;
    error = err;
  }
  assert.equal(error ? error.status : 0, c.expect.code);
  if (c.expect.field !== undefined && c.expect.field !== null) assert.equal(error && error.field, c.expect.field);
}

function runStack(c) {
  const chain = WarrantChain.fromBytes(H(c.stack_hex));
  assert.equal(chain.length, c.expect.count);
  assert.deepEqual(chain.warrants.map((w) => w.toBytes().toString('hex')), c.expect.envelopes_hex);
  assert.equal(chain.toBytes().toString('hex'), c.stack_hex);
  assert.equal(WarrantChain.parse(c.base64url).length, chain.length);
}

function runPop(c) {
  const w = Warrant.fromBytes(H(c.envelope_hex));
  const args = new RawArgs(c.args_json);
  const prefixedId = c.id_form === 'prefixed';
  let sigHex;
  if (c.kind === 'pop') {
    assert.equal(w.popChallenge(c.tool, args, c.window, { prefixedId }).toString('hex'), c.expect.challenge_hex);
    const key = SigningKey.fromBytes(H(c.holder_seed));
    assert.equal(w.sign(key, c.tool, args, { now: c.window, prefixedId }).toString('hex'), c.expect.signature_hex);
    sigHex = c.expect.signature_hex;
  } else {
    sigHex = c.signature_hex;
  }
  const sig = H(sigHex);
  assert.equal(w.verifyPop(c.tool, args, sig, { now: c.now, prefixedId }), c.expect.valid);
  // The reference signs bare hex: a prefixed-form proof fails the default verifier.
  assert.equal(w.verifyPop(c.tool, args, sig, { now: c.now }), false);
}

const KEY = SigningKey.fromBytes(Buffer.alloc(32, 7));
const HOLDER = SigningKey.fromBytes(Buffer.alloc(32, 8));
const T0 = 1767225600;

function matchesRaw(constraint, valueJson) {
  try {
    return tenuo._native.constraintMatches(constraint._handle(), valueJson) === 0;
  } catch (err) {
    if (err instanceof tenuo.TenuoError) return false;
    throw err;
  }
}

function runConstraint(c) {
  const raw = Constraint.fromJSON(c.constraint);
  let matched;
  try { matched = matchesRaw(raw, c.value_json); } catch { matched = false; }
  assert.equal(matched, c.expect.match);
  // The same decision through a warrant with one constrained argument, when it can be minted.
  let w;
  try {
    w = Warrant.mintBuilder().capability('t', { v: raw }).mint(KEY, { now: T0 });
  } catch (err) {
    if (!(err instanceof tenuo.TenuoError)) throw err;
    assert.equal(c.expect.match, false);
    return;
  }
  const allowed = !w.whyDenied('t', new RawArgs(`{"v":${c.value_json}}`), { now: T0 }).denied;
  assert.equal(allowed, c.expect.match);
}

function runAttenuation(c) {
  const parent = Constraint.fromJSON(c.parent);
  const child = Constraint.fromJSON(c.child);
  assert.equal(statusOf(() => parent.validateAttenuation(child)), c.expect.code);
  const w = Warrant.mintBuilder().capability('t', { v: parent }).holder(HOLDER.publicKey).mint(KEY, { now: T0 });
  const code = statusOf(() => w.grantBuilder().capability('t', { v: child }).grant(HOLDER, { now: T0 }));
  assert.equal(code, c.expect.code);
}

const RUNNERS = {
  decode: runDecode, mint: runMintOrGrant, grant: runMintOrGrant, chain: runChainOrAuthorize,
  authorize: runChainOrAuthorize, stack: runStack, pop: runPop, pop_verify: runPop,
  constraint: runConstraint, attenuation: runAttenuation,
};

test('vectors.json: every case reaches the expected verdict', () => {
  const cases = loadCases('vectors.json');
  assert.ok(cases.length > 100);
  const failures = [];
  const byKind = {};
  let passed = 0;
  let pending = 0;
  for (const c of cases) {
    if ('pending' in c) { pending++; continue; }
    const run = RUNNERS[c.kind];
    try {
      assert.ok(run, `unknown case kind ${c.kind}`);
      run(c);
      passed++;
      byKind[c.kind] = (byKind[c.kind] || 0) + 1;
    } catch (err) {
      failures.push(`${c.id}: ${err.message}`);
    }
  }
  console.log(`counts: vectors.json: ${passed} passed, ${failures.length} failed, ${pending} pending ` +
    `(${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  assert.deepEqual(failures, []);
});

const constraintFiles = fs.readdirSync(VECTORS).filter((f) => /^constraints-.*\.json$/.test(f)).sort();

for (const file of constraintFiles) {
  test(`${file}: every constraint and attenuation case agrees`, () => {
    const cases = loadCases(file);
    const failures = [];
    let passed = 0;
    for (const c of cases) {
      let got;
      let want;
      try {
        if (c.kind === 'constraint') {
          got = matchesRaw(Constraint.fromJSON(c.constraint), c.value_json);
          want = c.expect.match;
        } else if (c.kind === 'attenuation') {
          const parent = Constraint.fromJSON(c.parent);
          const child = Constraint.fromJSON(c.child);
          got = statusOf(() => parent.validateAttenuation(child));
          want = c.expect.code;
        } else {
          continue;
        }
      } catch (err) {
        if (!(err instanceof tenuo.TenuoError)) throw err;
        got = `error ${err.status}`;
        want = JSON.stringify(c.expect);
      }
      if (got === want) passed++;
      else failures.push(`${c.id}: expected ${want}, got ${got}`);
    }
    console.log(`counts: ${file}: ${passed} passed, ${failures.length} failed`);
    assert.deepEqual(failures.slice(0, 20), []);
  });
}
