'use strict';
// Tests/Vectors/approvals.json (generated against the reference tenuo 0.3.3 by
// scripts/gen_approval_cases.py) through the Node API: the reference's status and exception
// class for every case, as the Swift, C and Python suites run them.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadCases, H, tenuo } = require('./helpers.js');

const { Authorizer, PublicKey, SigningKey, Warrant, WarrantChain, SignedApproval, RawArgs, computeRequestHash } = tenuo;

function run(c) {
  switch (c.kind) {
    case 'authorize': {
      const auth = new Authorizer({ trustedRoots: c.trusted_roots.map((r) => PublicKey.fromBytes(H(r))) });
      const chain = c.envelopes_hex.map((e) => Warrant.fromBytes(H(e)));
      const approvals = c.approvals_hex.map((a) => SignedApproval.fromBytes(H(a)));
      try {
        auth.authorize(WarrantChain.from(chain), c.tool, new RawArgs(c.args_json), { signature: H(c.pop_hex), approvals, now: c.now });
        return 0;
      } catch (err) {
        if (!(err instanceof tenuo.TenuoError)) throw err;
        assert.equal(err.name, c.expect.class, `${c.id}: class`);
        return err.status;
      }
    }
    case 'approval_parse': {
      let a;
      try {
        a = SignedApproval.fromBytes(H(c.approval_hex));
      } catch (err) {
        if (err instanceof tenuo.TenuoError) return err.status;
        throw err;
      }
      let p;
      try {
        p = a.verify({ now: 1704067800 });
      } catch (err) {
        if (err instanceof tenuo.TenuoError) return err.status;
        throw err;
      }
      const e = c.expect;
      assert.equal(a.toBytes().toString('hex'), c.approval_hex);
      assert.equal(p.request_hash, e.request_hash_hex);
      assert.equal(p.nonce, e.nonce_hex);
      assert.deepEqual([p.external_id, p.approved_at, p.expires_at], [e.external_id, e.approved_at, e.expires_at]);
      assert.equal(a.approverKey.toHex(), e.approver_key_hex);
      return 0;
    }
    case 'approval_sign': {
      const key = SigningKey.fromBytes(Buffer.alloc(32, c.approver_seed));
      const a = SignedApproval.create(key, H(c.request_hash_hex), {
        nonce: H(c.nonce_hex), externalId: c.external_id, approvedAt: c.approved_at, expiresAt: c.expires_at,
      });
      return a.toBytes().toString('hex') === c.expect.approval_hex ? 0 : -2;
    }
    case 'request_hash': {
      const holder = c.holder_hex ? PublicKey.fromBytes(H(c.holder_hex)) : null;
      const h = computeRequestHash(c.warrant_id, c.tool, new RawArgs(c.args_json), holder);
      return h.toString('hex') === c.expect.hash_hex ? 0 : -2;
    }
    default:
      throw new Error(`unknown kind ${c.kind}`);
  }
}

test('approvals.json: every case reaches the reference\'s verdict', () => {
  const cases = loadCases('approvals.json');
  assert.ok(cases.length >= 80);
  const failures = [];
  for (const c of cases) {
    try {
      const got = run(c);
      if (got !== c.expect.status) failures.push(`${c.id}: expected ${c.expect.status}, got ${got}`);
    } catch (err) {
      failures.push(`${c.id}: ${err.message}`);
    }
  }
  console.log(`counts: approvals.json: ${cases.length - failures.length} passed, ${failures.length} failed`);
  assert.deepEqual(failures, []);
});

test('approvals: a gated call needs an approval; async path and closing approvals in flight', async () => {
  const ISSUER = SigningKey.fromBytes(Buffer.alloc(32, 0x71));
  const AGENT = SigningKey.fromBytes(Buffer.alloc(32, 0x72));
  const approvals = loadCases('approvals.json').filter((c) => c.kind === 'authorize' && c.expect.status === 0 && c.approvals_hex.length > 0);
  assert.ok(approvals.length > 0);
  const c = approvals[0];
  const auth = new Authorizer({ trustedRoots: c.trusted_roots.map((r) => PublicKey.fromBytes(H(r))) });
  const chain = WarrantChain.from(c.envelopes_hex.map((e) => Warrant.fromBytes(H(e))));
  const aps = c.approvals_hex.map((a) => SignedApproval.fromBytes(H(a)));
  const opts = { signature: H(c.pop_hex), now: c.now };
  const pending = auth.authorizeAsync(chain, c.tool, new RawArgs(c.args_json), { ...opts, approvals: aps });
  aps.forEach((a) => a.close()); // safe: the queued work holds them
  assert.equal(await pending, true);
  await assert.rejects(auth.authorizeAsync(chain, c.tool, new RawArgs(c.args_json), opts), tenuo.ApprovalGateTriggered);
  assert.throws(() => auth.authorize(chain, c.tool, new RawArgs(c.args_json), { ...opts, approvals: [42] }), TypeError);
  void ISSUER; void AGENT;
});
