'use strict';
// Shared by the tests: the repository root, vector loading, status capture, Python drivers.
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const tenuo = require('..');

const REPO = path.resolve(__dirname, '..', '..', '..');
const VECTORS = path.join(REPO, 'Tests', 'Vectors');

/** A vector file's cases, parsed keeping ints and floats apart. */
function loadCases(name) {
  return tenuo.parseJSON(fs.readFileSync(path.join(VECTORS, name), 'utf8')).cases;
}

/** 0 when fn() returns, else the TenuoError's status (other errors propagate). */
function statusOf(fn) {
  try {
    fn();
    return 0;
  } catch (err) {
    if (err instanceof tenuo.TenuoError) return err.status;
    throw err;
  }
}

const H = (hex) => Buffer.from(hex, 'hex');

/** The reference interpreter (tenuo==0.3.3), or null. */
function refPython() {
  const candidates = [process.env.TENUO_REF_PYTHON, path.join(REPO, 'bindings', 'python', '.venv-ref', 'bin', 'python'),
    '/work/refvenv/bin/python'].filter(Boolean);
  for (const py of candidates) {
    if (!fs.existsSync(py)) continue;
    const r = spawnSync(py, ['-c', 'import tenuo, sys; sys.exit(0 if tenuo.__version__ == "0.3.3" else 1)'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

/** Runs a Python script with our package (bindings/python on build/lib) or the reference. */
function runPython(which, script, input) {
  const env = { ...process.env };
  let py;
  if (which === 'ours') {
    py = process.env.PYTHON || 'python3';
    env.PYTHONPATH = path.join(REPO, 'bindings', 'python');
    env.TENUO_LIBRARY = path.join(REPO, 'build', 'lib', 'libtenuo.so');
  } else {
    py = refPython();
    if (!py) throw new Error('no reference Python');
    delete env.PYTHONPATH;
  }
  const r = spawnSync(py, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', env, timeout: 120000 });
  if (r.status !== 0) throw new Error(`${which} python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** In CI a missing reference is a failure, not a skip. */
const requireInterop = process.env.TENUO_REQUIRE_INTEROP === '1' || process.env.CI === 'true';

module.exports = { REPO, VECTORS, loadCases, statusOf, H, refPython, runPython, requireInterop, tenuo };
