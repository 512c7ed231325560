'use strict';
// TenuoError and its subclasses, built from the generated table (errors_table.js): the same
// class names, wire codes and status -> class mapping as the Python package (and the Tenuo SDK).
//
// JavaScript has single inheritance; every class still answers `instanceof` for all of its
// Python ancestors (each error carries the set of its class names). ArgumentTypeError, which
// the Python package derives from TypeError as well, extends JavaScript's TypeError here.
const table = require('./errors_table.js');

const ANCESTRY = Symbol('tenuo.errorAncestry');
const classes = Object.create(null);

function kebab(name) {
  return name.toLowerCase().replace(/_/g, '-');
}

function defineClass(name, parentName, wire, errorCode, builtins) {
  const Base = builtins.includes('TypeError') ? TypeError
    : parentName ? classes[parentName] : Error;
  const ancestry = new Set([name]);
  for (let p = parentName; p; p = classes[p].parentName) ancestry.add(p);
  const cls = {
    [name]: class extends Base {
      constructor(message = '', opts = {}) {
        super(message);
        Object.defineProperty(this, ANCESTRY, { value: ancestry, enumerable: false, configurable: true });
        this.name = name;
        this.status = opts.status ?? wire;
        this.statusName = opts.statusName ?? table.STATUS_NAMES[this.status] ?? '';
        this.wireCode = wire;
        this.errorCode = errorCode;
        this.code = wire ? kebab(table.STATUS_NAMES[wire] || 'unknown-error') : errorCode.replace(/_/g, '-');
        this.field = opts.field ?? null;
        this.tool = opts.tool ?? null;
        this.reason = opts.reason ?? null;
        this.details = { ...(opts.details || {}) };
        for (const k of ['field', 'tool', 'reason']) {
          if (this[k] != null && !(k in this.details)) this.details[k] = this[k];
        }
        if (opts.hint) this.hint = opts.hint;
      }
      static [Symbol.hasInstance](obj) {
        if (obj !== null && typeof obj === 'object' && obj[ANCESTRY] instanceof Set) {
          return obj[ANCESTRY].has(name);
        }
        return Function.prototype[Symbol.hasInstance].call(this, obj);
      }
    },
  }[name];
  cls.parentName = parentName;
  cls.wireCode = wire;
  cls.errorCode = errorCode;
  classes[name] = cls;
}

for (const [name, parent, wire, errorCode, builtins] of table.CLASSES) {
  defineClass(name, parent, wire, errorCode, builtins);
}

const NAME_PREFIX = /\b([A-Z][A-Za-z]+):/g;

/** The class the Python package picks for a status, message and (when the library reports
 * one) error kind. */
function classForStatus(status, message = '', kind = null) {
  if (kind && classes[kind] && (table.BY_KIND.length === 0 || table.BY_KIND.includes(kind))) {
    return classes[kind];
  }
  if (table.MESSAGE_RULES && status >= 1000) {
    for (const m of message.matchAll(NAME_PREFIX)) {
      if (classes[m[1]]) return classes[m[1]];
    }
  }
  if (table.MESSAGE_RULES && (status === 1502 || status === 1503)) {
    const lowered = message.toLowerCase();
    for (const [needles, name] of table.MONOTONICITY_HINTS) {
      if (needles.some((n) => lowered.includes(n))) return classes[name];
    }
  }
  const name = table.BY_STATUS[status];
  return name ? classes[name] : classes.TenuoError;
}

/** An error for a libtenuo status (-1: a closed handle). */
function fromStatus(status, message, opts = {}) {
  if (status === -1) return new classes.ClosedHandleError(message, { status: 0 });
  if (opts.kind === undefined) delete opts.kind;
  const Cls = opts.cls || classForStatus(status, message, opts.kind);
  return new Cls(message, { ...opts, status, statusName: table.STATUS_NAMES[status] });
}

/** The exception for a denied authorization, chosen and worded as the Python package does. */
function fromDenial(d, signatureGiven) {
  const code = d.status;
  if (code < 1000) return fromStatus(code, d.message || table.STATUS_NAMES[code] || 'error');
  const reason = d.reason || d.message || table.STATUS_NAMES[code] || 'denied';
  let cls = classForStatus(code, reason, d.kind);
  if (d.denyCode === 'CLEARANCE_INSUFFICIENT') cls = classes.Unauthorized;
  if (code === 1201) cls = classes.InvalidWarrantType;
  if (cls === classes.SignatureInvalid && !signatureGiven) cls = classes.MissingSignature;
  let text = reason;
  if (cls === classes.ConstraintViolation && d.field) text = `Constraint '${d.field}' not satisfied: ${reason}`;
  else if (cls === classes.ToolNotAuthorized && d.tool != null) text = `Tool '${d.tool}' is not authorized`;
  else if (cls === classes.MissingSignature) text = `Missing signature: ${reason}`;
  else if (cls === classes.SignatureInvalid) text = `Signature verification failed: ${reason}`;
  else if (cls === classes.Unauthorized) text = `Unauthorized: ${reason}`;
  const err = fromStatus(code, text, { cls, field: d.field, tool: d.tool, reason });
  if (d.kind) err.kind = d.kind;
  err.denyCode = d.denyCode ?? null;
  if (d.suggestion) err.details.suggestion = d.suggestion;
  return err;
}

module.exports = { ...classes, classForStatus, fromStatus, fromDenial, STATUS_NAMES: table.STATUS_NAMES };
