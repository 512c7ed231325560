'use strict';
// Tests/Vectors/revocation.json (generated against the reference by
// scripts/gen_revocation_cases.py) through the Node API: the reference's class and wire code
// for every refusal, the exact bytes for a list. (The SRL builder has no Node API yet: the
// "srl" cases parse, verify and re-serialize the reference's lists.)
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { VECTORS, H, tenuo } = require('./helpers.js');

const { Authorizer, SigningKey, WarrantChain, SignedRevocationList } = tenuo;

const DOC = tenuo.parseJSON(fs.readFileSync(path.join(VECTORS, 'revocation.json'), 'utf8'));
const KEYS = Object.fromEntries(Object.entries(DOC.keys).map(([n, s]) => [n, SigningKey.fromBytes(H(s))]));

function outcome(fn) {
  try {
    fn();
    return { allow: true };
  } catch (err) {
    if (!(err instanceof tenuo.TenuoError)) throw err;
    return { class: err.name, code: err.wireCode };
  }
}

const authorizer = (roots) => new Authorizer({ trustedRoots: roots.map((r) => KEYS[r].publicKey) });
const pick = (e) => Object.fromEntries(Object.entries(e || {}).filter(([k]) => ['allow', 'class', 'code'].includes(k)));

function run(c) {
  const want = pick(c.expect);
  switch (c.kind) {
    case 'srl': {
      const srl = SignedRevocationList.fromBytes(H(c.srl_hex));
      srl.verify(KEYS[c.issuer].publicKey);
      assert.deepEqual(srl.revokedIds, c.ids);
      assert.equal(String(srl.version), c.version);
      assert.equal(srl.toBytes().toString('hex'), c.srl_hex);
      return;
    }
    case 'srl_parse': {
      let got;
      if (c.expect.stage === 'parse') got = outcome(() => SignedRevocationList.fromBytes(H(c.srl_hex)));
      else {
        const srl = SignedRevocationList.fromBytes(H(c.srl_hex));
        got = outcome(() => srl.verify(KEYS[c.verify_with].publicKey));
      }
      assert.deepEqual(got, want);
      return;
    }
    case 'install': {
      const a = authorizer(c.roots);
      for (const step of c.steps) {
        assert.deepEqual(outcome(() => a.setRevocationList(SignedRevocationList.fromBytes(H(step.srl_hex)))), step.expect);
      }
      return;
    }
    case 'decision': {
      const a = authorizer(c.roots);
      for (const [pattern, level] of c.clearance) a.requireClearance(pattern, level);
      if (c.srl_hex) a.setRevocationList(SignedRevocationList.fromBytes(H(c.srl_hex)));
      const chain = WarrantChain.fromBytes(H(c.chain_hex));
      const signature = c.pop_hex ? H(c.pop_hex) : null;
      const got = c.tool === null ? outcome(() => a.verifyChain(chain, { now: c.now }))
        : outcome(() => a.authorize(chain, c.tool, c.args, { signature, now: c.now }));
      assert.deepEqual(got, want);
      return;
    }
    case 'clearance_pattern': {
      const a = new Authorizer({ trustedRoots: [] });
      assert.deepEqual(outcome(() => a.requireClearance(c.pattern, 10)), want);
      return;
    }
    default:
      throw new Error(`unknown kind ${c.kind}`);
  }
}

test('revocation.json: every case reaches the reference\'s verdict', () => {
  const failures = [];
  for (const c of DOC.cases) {
    try {
      run(c);
    } catch (err) {
      failures.push(`${c.id}: ${err.message.split('\n').slice(0, 6).join(' ')}`);
    }
  }
  console.log(`counts: revocation.json: ${DOC.cases.length - failures.length} passed, ${failures.length} failed`);
  assert.deepEqual(failures, []);
});
