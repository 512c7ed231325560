'use strict';
// tenuo for Node.js: the Tenuo SDK's shape over libtenuo (through the N-API addon).
const native = require('./native.js');
const errors = require('./errors.js');
const values = require('./values.js');
const constraints = require('./constraints.js');

const { encodeArgs, isPlainObject, RawArgs } = values;
const { Constraint, toConstraint, specOut } = constraints;

native.setErrorFactory((status, message, kind) => errors.fromStatus(status, message, kind ? { kind } : {}));

const WARRANT_HEADER = 'X-Tenuo-Warrant';
const POP_HEADER = 'X-Tenuo-PoP';
const HANDLE = Symbol('tenuo.handle');

function need(cond, msg) {
  if (!cond) throw new TypeError(msg);
}
function needBytes(b, what) {
  need(b instanceof Uint8Array, `${what} must be a Buffer or Uint8Array`);
}
function needString(s, what) {
  need(typeof s === 'string', `${what} must be a string`);
}
function options(o, what) {
  if (o === undefined || o === null) return {};
  need(isPlainObject(o), `${what} must be an options object`);
  return o;
}

/** Base of every handle-owning object: finalizers free it; close() frees it now. */
class Handle {
  constructor(h) { this[HANDLE] = h; }
  get _h() { return this[HANDLE]; }
  /** Releases the native object now (idempotent); any later use throws ClosedHandleError. */
  close() { native.close(this[HANDLE]); }
  get closed() { return native.isClosed(this[HANDLE]); }
  [Symbol.dispose]() { this.close(); }
}

class PublicKey extends Handle {
  static fromBytes(bytes) { needBytes(bytes, 'bytes'); return new PublicKey(native.pkFromBytes(bytes)); }
  /** Hex, base64 or PEM text. */
  static parse(text) { needString(text, 'text'); return new PublicKey(native.pkParse(text)); }
  toBytes() { return native.pkBytes(this._h); }
  toHex() { return this.toBytes().toString('hex'); }
  toString() { return this.toHex(); }
  equals(other) { return other instanceof PublicKey && this.toBytes().equals(other.toBytes()); }
}

class SigningKey extends Handle {
  static generate() { return new SigningKey(native.skGenerate()); }
  /** From a 32-byte Ed25519 seed. */
  static fromBytes(seed) { needBytes(seed, 'seed'); return new SigningKey(native.skFromSeed(seed)); }
  /** From an environment variable holding the key (hex, base64 or PEM). */
  static fromEnv(name) { needString(name, 'name'); return new SigningKey(native.skFromEnv(name)); }
  static fromFile(path) { needString(path, 'path'); return new SigningKey(native.skFromFile(path)); }
  static parse(text) { needString(text, 'text'); return new SigningKey(native.skParse(text)); }
  get publicKey() {
    if (native.isClosed(this._h)) throw new errors.ClosedHandleError('this SigningKey was closed');
    if (!this._pk || this._pk.closed) this._pk = new PublicKey(native.skPublicKey(this._h));
    return this._pk;
  }
  /** The 32-byte seed (secret). */
  secretBytes() { return native.skSeed(this._h); }
  toString() { return '<SigningKey>'; }
  [Symbol.for('nodejs.util.inspect.custom')]() { return `SigningKey { publicKey: ${this.closed ? 'closed' : this.publicKey.toHex()} }`; }
}

function constraintsJson(spec, what = 'constraints') {
  if (spec === undefined || spec === null) return null;
  need(isPlainObject(spec), `${what} must be an object {arg: constraint}`);
  const out = {};
  for (const k of Object.keys(spec)) {
    const v = spec[k];
    if (k === '_allow_unknown') { need(typeof v === 'boolean', '_allow_unknown must be a boolean'); out[k] = v; }
    else out[k] = specOut(toConstraint(v));
  }
  return values.encode(out, what);
}

function nowOf(o) {
  return o.now === undefined ? null : o.now;
}

class Builder {
  constructor() { this._ops = []; }
  _op(op, a, b) { this._ops.push([op, a, b]); return this; }
  holder(pk) { need(pk instanceof PublicKey, 'holder must be a PublicKey'); return this._op('holder', pk); }
  ttl(seconds) { return this._op('ttl', seconds); }
  expiresAt(t) { return this._op('expires_at', t); }
  issuedAt(t) { return this._op('issued_at', t); }
  id(bytes) { needBytes(bytes, 'id'); return this._op('id', bytes); }
  maxDepth(n) { return this._op('max_depth', n); }
  clearance(n) { return this._op('clearance', n); }
  terminal() { return this._op('terminal'); }
  sessionId(s) { needString(s, 'sessionId'); return this._op('session_id', s); }
  extension(key, value) { needString(key, 'extension key'); needBytes(value, 'extension value'); return this._op('extension', key, value); }
  _apply(h) {
    for (const [op, a, b] of this._ops) {
      native.builderOp(h, op, a instanceof Handle ? a._h : a, b);
    }
  }
}

class MintBuilder extends Builder {
  constructor(type = 'execution') {
    super();
    need(type === 'execution' || type === 'issuer', 'type must be "execution" or "issuer"');
    this._type = type === 'issuer' ? 1 : 0;
  }
  /** Adds a tool with its constraints ({arg: constraint}); none = unconstrained. */
  capability(tool, spec) { needString(tool, 'tool'); return this._op('tool', tool, constraintsJson(spec)); }
  tool(name) { return this.capability(name); }
  issuableTool(name) { needString(name, 'tool'); return this._op('issuable_tool', name); }
  maxIssueDepth(n) { return this._op('max_issue_depth', n); }
  /** Signs the root warrant with the issuer's key. */
  mint(key, opts) {
    need(key instanceof SigningKey, 'key must be a SigningKey');
    const o = options(opts, 'mint options');
    const h = native.mintNew(this._type);
    try {
      this._apply(h);
      return new Warrant(native.builderBuild(h, key._h, nowOf(o)));
    } finally {
      native.close(h);
    }
  }
}

class GrantBuilder extends Builder {
  constructor(parent) {
    super();
    need(parent instanceof Warrant, 'parent must be a Warrant');
    this._parent = parent;
  }
  /** Keeps a tool, optionally narrowing its constraints. */
  capability(tool, spec) {
    needString(tool, 'tool');
    this._op('tool', tool, null);
    if (spec !== undefined && spec !== null) this._op('constraints', tool, constraintsJson(spec));
    return this;
  }
  tool(name) { return this.capability(name); }
  /** Signs the child with the parent holder's key. */
  grant(key, opts) {
    need(key instanceof SigningKey, 'key must be a SigningKey');
    const o = options(opts, 'grant options');
    const h = native.grantNew(this._parent._h);
    try {
      this._apply(h);
      return new Warrant(native.builderBuild(h, key._h, nowOf(o)));
    } finally {
      native.close(h);
    }
  }
}

class Warrant extends Handle {
  static mintBuilder(type) { return new MintBuilder(type); }
  /** Parses base64url or PEM text (the signature is verified first). */
  static parse(text) { needString(text, 'text'); return new Warrant(native.wParse(text)); }
  /** Like parse, with the signature check on the libuv thread pool. */
  static async parseAsync(text) { needString(text, 'text'); return new Warrant(await native.parseAsync(text, false)); }
  static fromBytes(bytes) { needBytes(bytes, 'bytes'); return new Warrant(native.wFromBytes(bytes)); }

  get info() {
    if (!this._info) this._info = JSON.parse(native.wGet(this._h, 'info'));
    return this._info;
  }
  get id() { return this.info.id; }
  get tools() { return this.info.tools; }
  get capabilities() { return this.info.capabilities; }
  get depth() { return this.info.depth; }
  get maxDepth() { return this.info.max_depth; }
  get issuedAt() { return this.info.issued_at; }
  get expiresAt() { return this.info.expires_at; }
  get warrantType() { return this.info.type; }
  get holder() { return new PublicKey(native.wGet(this._h, 'holder')); }
  get issuer() { return new PublicKey(native.wGet(this._h, 'issuer')); }
  get payloadBytes() { return native.wGet(this._h, 'payload'); }
  toBytes() { return native.wGet(this._h, 'bytes'); }
  toBase64() { return native.wGet(this._h, 'base64'); }
  toPem() { return native.wGet(this._h, 'pem'); }
  toString() { return this.closed ? '<Warrant closed>' : this.toBase64(); }
  toJSON() { return this.toBase64(); }

  /** The holder's proof-of-possession for a call (64-byte Buffer). */
  sign(key, tool, args, opts) {
    need(key instanceof SigningKey, 'key must be a SigningKey');
    needString(tool, 'tool');
    const o = options(opts, 'sign options');
    const now = o.now === undefined ? native.now() : o.now;
    return native.wSign(this._h, key._h, tool, encodeArgs(args), now, !!o.prefixedId);
  }
  popChallenge(tool, args, window, opts) {
    needString(tool, 'tool');
    const o = options(opts, 'options');
    return native.wPopChallenge(this._h, tool, encodeArgs(args), window, !!o.prefixedId);
  }
  verifyPop(tool, args, signature, opts) {
    needString(tool, 'tool');
    needBytes(signature, 'signature');
    const o = options(opts, 'options');
    const now = o.now === undefined ? native.now() : o.now;
    return native.wVerifyPop(this._h, tool, encodeArgs(args), signature, now, !!o.prefixedId) === 0;
  }
  /** Why this warrant alone would refuse a call (no signature): {denied, code, denyCode, ...}. */
  whyDenied(tool, args, opts) {
    needString(tool, 'tool');
    const o = options(opts, 'options');
    const r = JSON.parse(native.wWhyDenied(this._h, tool, encodeArgs(args), nowOf(o)));
    return {
      denied: r.denied, code: r.code, codeName: r.code_name, denyCode: r.deny_code,
      tool: r.tool ?? null, field: r.field ?? null, reason: r.reason ?? null, suggestion: r.suggestion ?? null,
    };
  }
  allows(tool, args, opts) { return !this.whyDenied(tool, args, opts).denied; }
  grantBuilder() { return new GrantBuilder(this); }
  /** The request hash of a call with this warrant (what an approver signs). */
  requestHash(tool, args) { needString(tool, 'tool'); return native.wRequestHash(this._h, tool, encodeArgs(args)); }
  /** Delegates: a child for `to` keeping only `allow`; `constraints` narrows those tools. */
  grant(opts) {
    const o = options(opts, 'grant options');
    const names = typeof o.allow === 'string' ? [o.allow] : o.allow;
    need(Array.isArray(names) && names.every((n) => typeof n === 'string'), 'allow must be a tool name or an array of tool names');
    need(o.to instanceof PublicKey, 'to must be a PublicKey');
    need(o.key instanceof SigningKey, 'key must be a SigningKey');
    const b = this.grantBuilder().holder(o.to);
    for (const name of names) b.capability(name, o.constraints);
    if (o.ttl !== undefined) b.ttl(o.ttl);
    return b.grant(o.key, { now: o.now });
  }
  /** X-Tenuo-Warrant / X-Tenuo-PoP headers for one call (the Python SDK's header names and encodings). */
  headers(key, tool, args, opts) {
    const sig = this.sign(key, tool, args, opts);
    return { [WARRANT_HEADER]: this.toBase64(), [POP_HEADER]: sig.toString('base64') };
  }
}

class WarrantChain extends Handle {
  /** A chain from warrants, root first. */
  static from(warrants) {
    need(Array.isArray(warrants) && warrants.length > 0 && warrants.every((w) => w instanceof Warrant),
      'a chain is a non-empty array of Warrants');
    return new WarrantChain(native.chainFromWarrants(warrants.map((w) => w._h)));
  }
  static fromBytes(bytes) { needBytes(bytes, 'bytes'); return new WarrantChain(native.chainFromBytes(bytes)); }
  static parse(text) { needString(text, 'text'); return new WarrantChain(native.chainParse(text)); }
  static async parseAsync(text) { needString(text, 'text'); return new WarrantChain(await native.parseAsync(text, true)); }
  get warrants() { return native.chainWarrants(this._h).map((h) => new Warrant(h)); }
  get length() { return this.warrants.length; }
  get leaf() { const ws = this.warrants; return ws[ws.length - 1]; }
  toBytes() { return native.chainGet(this._h, 'bytes'); }
  toBase64() { return native.chainGet(this._h, 'base64'); }
  toString() { return this.toBase64(); }
}

function subjectOf(w) {
  if (w instanceof Warrant || w instanceof WarrantChain) return w;
  if (Array.isArray(w)) return w.length === 1 && w[0] instanceof Warrant ? w[0] : WarrantChain.from(w);
  throw new TypeError('expected a Warrant, a WarrantChain or an array of Warrants (root first)');
}

/** An approver's signature over one request hash (the reference's SignedApproval). */
class SignedApproval extends Handle {
  static fromBytes(bytes) { needBytes(bytes, 'bytes'); return new SignedApproval(native.approvalParse(bytes)); }
  /** Signs an approval of `requestHash` (32 bytes) as `key`, valid from approvedAt to expiresAt. */
  static create(key, requestHash, opts) {
    need(key instanceof SigningKey, 'key must be a SigningKey');
    needBytes(requestHash, 'requestHash');
    const o = options(opts, 'approval options');
    const approvedAt = o.approvedAt ?? native.now();
    const expiresAt = o.expiresAt ?? approvedAt + (o.ttl ?? 3600);
    if (o.nonce !== undefined) needBytes(o.nonce, 'nonce');
    if (o.externalId !== undefined) needString(o.externalId, 'externalId');
    return new SignedApproval(native.approvalCreate(key._h, requestHash, o.nonce ?? null, o.externalId ?? '', approvedAt, expiresAt));
  }
  toBytes() { return native.approvalGet(this._h, 'bytes'); }
  get approverKey() { return new PublicKey(native.approvalGet(this._h, 'approver')); }
  /** Checks the signature and expiry; returns the payload {request_hash, nonce, external_id, approved_at, expires_at, ...}. */
  verify(opts) {
    const o = options(opts, 'options');
    native.approvalVerify(this._h, nowOf(o));
    return JSON.parse(native.approvalGet(this._h, 'json'));
  }
}

/** A signed revocation list (decoded; trusted only once verified or installed). */
class SignedRevocationList extends Handle {
  static fromBytes(bytes) { needBytes(bytes, 'bytes'); return new SignedRevocationList(native.srlParse(bytes)); }
  /** Throws SignatureInvalid unless `issuer` signed the list. */
  verify(issuer) { need(issuer instanceof PublicKey, 'issuer must be a PublicKey'); native.srlVerify(this._h, issuer._h); }
  toBytes() { return native.srlGet(this._h, 'bytes'); }
  get info() {
    if (!this._info) this._info = JSON.parse(native.srlGet(this._h, 'json'));
    return this._info;
  }
  get version() { return this.info.version; }
  get issuedAt() { return this.info.issued_at; }
  get revokedIds() { return this.info.revoked_ids; }
  isRevoked(id) { needString(id, 'id'); return this.revokedIds.includes(id); }
}

/** The request hash an approver signs for a call (warrant id, tool, arguments, holder). */
function computeRequestHash(warrantId, tool, args, holder) {
  needString(warrantId, 'warrantId');
  needString(tool, 'tool');
  if (holder !== undefined && holder !== null) need(holder instanceof PublicKey, 'holder must be a PublicKey');
  return native.requestHash(warrantId, tool, encodeArgs(args), holder ? holder._h : null);
}

class Authorizer extends Handle {
  /** new Authorizer({trustedRoots: [PublicKey...], popWindows, clockTolerance}) */
  constructor(opts) {
    const o = options(opts, 'Authorizer options');
    const roots = o.trustedRoots ?? [];
    need(Array.isArray(roots) && roots.every((r) => r instanceof PublicKey), 'trustedRoots must be an array of PublicKeys');
    super(native.authNew(Buffer.concat(roots.map((r) => r.toBytes())), o.popWindows ?? null, o.clockTolerance ?? null));
  }
  _job(w, tool, args, opts) {
    needString(tool, 'tool');
    const o = options(opts, 'authorize options');
    if (o.signature !== undefined && o.signature !== null) needBytes(o.signature, 'signature');
    let approvals = null;
    if (o.approvals !== undefined && o.approvals !== null) {
      need(Array.isArray(o.approvals) && o.approvals.every((a) => a instanceof SignedApproval), 'approvals must be an array of SignedApprovals');
      approvals = o.approvals.map((a) => a._h);
    }
    const subject = subjectOf(w);
    return [subject, [this._h, subject._h, tool, encodeArgs(args), o.signature ?? null, nowOf(o), approvals], o.signature != null];
  }
  /** null when the call is allowed, else the denial {status, denyCode, tool, field, reason, ...}. */
  check(w, tool, args, opts) {
    const [, argv] = this._job(w, tool, args, opts);
    return native.authCheck(...argv);
  }
  /** Returns true when allowed; throws the TenuoError subclass of the denial otherwise. */
  authorize(w, tool, args, opts) {
    const [, argv, signed] = this._job(w, tool, args, opts);
    const d = native.authCheck(...argv);
    if (d) throw errors.fromDenial(d, signed);
    return true;
  }
  /** authorize() on the libuv thread pool: resolves true or rejects with the denial's error. */
  async authorizeAsync(w, tool, args, opts) {
    const [subject, argv, signed] = this._job(w, tool, args, opts);
    const d = await native.authCheckAsync(...argv);
    void subject; // kept alive until the work completes
    if (d) throw errors.fromDenial(d, signed);
    return true;
  }
  /** Installs a revocation list (its issuer must be a trusted root, or `expectedIssuer`). */
  setRevocationList(srl, opts) {
    need(srl instanceof SignedRevocationList, 'srl must be a SignedRevocationList');
    const o = options(opts, 'options');
    if (o.expectedIssuer !== undefined) need(o.expectedIssuer instanceof PublicKey, 'expectedIssuer must be a PublicKey');
    try {
      native.authSetRevocationList(this._h, srl._h, o.expectedIssuer ? o.expectedIssuer._h : null);
    } catch (err) {
      // The only 1201 here: the issuer is not a trusted root (the SDK's ConfigurationError).
      if (err instanceof errors.TenuoError && err.status === 1201) {
        throw new errors.ConfigurationError(err.message, { status: 1201 });
      }
      throw err;
    }
  }
  /** Requires clearance `level` (0-255) for tools matching `pattern` (exact, `prefix_*` or `*`). */
  requireClearance(pattern, level) {
    needString(pattern, 'pattern');
    need(Number.isInteger(level), 'level must be an integer (0-255)');
    native.authRequireClearance(this._h, pattern, level);
  }
  verifyChain(chain, opts) {
    const o = options(opts, 'options');
    const c = chain instanceof WarrantChain ? chain : WarrantChain.from(Array.isArray(chain) ? chain : [chain]);
    native.authVerifyChain(this._h, c._h, nowOf(o));
  }
}

/** Registers an audit callback: called with each decision's event (an object) on the main
 * thread, whichever thread decided. Returns a function that unregisters it. */
function onAudit(callback) {
  need(typeof callback === 'function', 'callback must be a function');
  const id = native.auditRegister((line) => {
    let event;
    try { event = JSON.parse(line); } catch { event = { raw: line }; }
    callback(event);
  });
  let done = false;
  return () => {
    if (done) return false;
    done = true;
    return native.auditUnregister(id);
  };
}

function auditIncludeArguments(include) {
  if (include !== undefined) need(typeof include === 'boolean', 'include must be a boolean');
  return native.auditIncludeArguments(include ?? null);
}

module.exports = {
  SigningKey, PublicKey, Warrant, WarrantChain, MintBuilder, GrantBuilder, Authorizer,
  SignedApproval, computeRequestHash, SignedRevocationList,
  Constraint, ...Object.fromEntries(Object.entries(constraints).filter(([k]) => !['Constraint', 'toConstraint', 'specOut'].includes(k))),
  Float: values.Float, float: values.float, RawArgs, parseJSON: values.parseJSON,
  onAudit, auditIncludeArguments,
  WARRANT_HEADER, POP_HEADER,
  errors, ...Object.fromEntries(Object.entries(errors).filter(([k, v]) => typeof v === 'function' && /^[A-Z]/.test(k))),
  version: native.version(),
  statusName: native.statusName,
  _native: native,
};
