'use strict';
// The example server (examples/server.js, started as its own process with one command) gives a
// client made with the reference SDK and one made with our Python package the same decisions.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { refPython, requireInterop, REPO, tenuo } = require('./helpers.js');

const CLIENT = fs.readFileSync(path.join(__dirname, 'py_client.py'), 'utf8');
const ROOT = tenuo.SigningKey.fromBytes(Buffer.alloc(32, 0x51));
const AGENT = tenuo.SigningKey.fromBytes(Buffer.alloc(32, 0x52));

const CALLS = [
  { tool: 'read_file', args_json: '{"path": "/data/q3.pdf"}', pop: 'ok' },
  { tool: 'read_file', args_json: '{"path": "/etc/passwd"}', pop: 'ok' },
  { tool: 'search', args_json: '{"query": "x"}', pop: 'ok' },
  { tool: 'read_file', args_json: '{"path": "/data/q3.pdf"}', pop: 'none' },
  { tool: 'read_file', args_json: '{"path": "/data/q3.pdf"}', pop: 'other_args' },
];
const EXPECTED = [
  { http: 200, error: null }, { http: 403, error: 'ConstraintViolation' }, { http: 403, error: 'ToolNotAuthorized' },
  { http: 401, error: 'MissingSignature' }, { http: 401, error: 'SignatureInvalid' },
];

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'examples', 'server.js')], {
      env: { ...process.env, PORT: '0', TENUO_TRUSTED_ROOTS: ROOT.publicKey.toHex() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

function client(which, url) {
  const env = { ...process.env };
  let exe;
  if (which === 'ours') {
    exe = process.env.PYTHON || 'python3';
    env.PYTHONPATH = path.join(REPO, 'bindings', 'python');
    env.TENUO_LIBRARY = path.join(REPO, 'build', 'lib', 'libtenuo.so');
  } else {
    exe = refPython();
    delete env.PYTHONPATH;
  }
  const input = { url, root_seed: ROOT.secretBytes().toString('hex'), agent_seed: AGENT.secretBytes().toString('hex'), calls: CALLS };
  return new Promise((resolve, reject) => {
    const p = spawn(exe, ['-c', CLIENT], { env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${which} client ${code}: ${err}`))));
    p.stdin.end(JSON.stringify(input));
  });
}

const skip = refPython() ? false : 'no reference Python (tenuo==0.3.3): set TENUO_REF_PYTHON';
if (skip && requireInterop) test('example server test requires the reference in CI', () => assert.fail(skip));

test('example server: reference and our Python clients get the same decisions', { skip }, async () => {
  const { child, url } = await startServer();
  try {
    const [ref, ours] = await Promise.all([client('reference', url), client('ours', url)]);
    const strip = (rs) => rs.map(({ http, error }) => ({ http, error }));
    assert.deepEqual(strip(ref), EXPECTED);
    assert.deepEqual(strip(ours), EXPECTED);
    // The allowed call's headers came from the SDK's own BoundWarrant.headers() in both.
    assert.equal(ref[0].sdk_headers, true);
    assert.equal(ours[0].sdk_headers, true);
    console.log(`counts: example server: ${CALLS.length} calls x 2 clients (reference, ours): same decisions`);
  } finally {
    child.kill('SIGTERM');
  }
});
