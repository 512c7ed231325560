'use strict';
// Constraint classes: each holds the JSON form of README "Constraint types" and builds the
// libtenuo constraint lazily (for matches / validateAttenuation). Every class can be called with
// or without `new`: `Pattern('/data/*')` and `new Pattern('/data/*')` are the same.
const native = require('./native.js');
const { encode, isPlainObject, Float } = require('./values.js');

const handles = new WeakMap();

class Constraint {
  constructor(spec) {
    if (!isPlainObject(spec) || typeof spec.type !== 'string') {
      throw new TypeError('a constraint is an object with a string "type"');
    }
    this.spec = spec;
  }
  get type() { return this.spec.type; }
  /** The JSON text of the constraint (ints and floats kept apart). */
  toJSONText() { return encode(specOut(this.spec), 'constraint'); }
  toJSON() { return JSON.parse(native.constraintToJson(this._handle())); }
  toString() { return native.constraintToJson(this._handle()); }
  _handle() {
    let h = handles.get(this);
    if (!h) {
      h = native.constraintFromJson(this.toJSONText());
      handles.set(this, h);
    }
    return h;
  }
  /** Whether one argument value satisfies this constraint. */
  matches(value) {
    return native.constraintMatches(this._handle(), encode(value, 'value')) === 0;
  }
  /** Throws (a MonotonicityError subclass) unless `child` is a valid attenuation of this. */
  validateAttenuation(child) {
    const [status, message, kind] = native.constraintAttenuation(this._handle(), toConstraint(child)._handle());
    if (status !== 0) throw require('./errors.js').fromStatus(status, message, kind ? { kind } : {});
  }
  /** Any constraint from its JSON form (an object or JSON text). */
  static fromJSON(json) {
    const spec = typeof json === 'string' ? require('./values.js').parseJSON(json) : json;
    return new Constraint(spec);
  }
}

// Nested constraints are kept as objects inside specs; convert them on the way out.
function specOut(v) {
  if (v instanceof Constraint) return specOut(v.spec);
  if (Array.isArray(v)) return v.map(specOut);
  if (isPlainObject(v)) {
    const o = {};
    for (const k of Object.keys(v)) o[k] = specOut(v[k]);
    return o;
  }
  return v;
}

function toConstraint(c) {
  if (c instanceof Constraint) return c;
  if (typeof c === 'string') return new Constraint({ type: 'Exact', value: c });
  throw new TypeError('expected a constraint');
}

function callable(cls) {
  return new Proxy(cls, { apply: (target, _this, args) => new target(...args) });
}

function need(cond, msg) {
  if (!cond) throw new TypeError(msg);
}

function numberBound(x, what) {
  if (x === undefined || x === null) return undefined;
  need(typeof x === 'number' || x instanceof Float, `${what} must be a number`);
  return x instanceof Float ? x : new Float(x);
}

const strArray = (a, what) => {
  need(Array.isArray(a), `${what} must be an array`);
  return [...a];
};

const defs = {
  Exact: class Exact extends Constraint { constructor(value) { super({ type: 'Exact', value }); encode(value); } },
  Pattern: class Pattern extends Constraint {
    constructor(pattern) { need(typeof pattern === 'string', 'Pattern takes a string'); super({ type: 'Pattern', pattern }); }
  },
  Range: class Range extends Constraint {
    constructor(opts = {}) {
      need(isPlainObject(opts), 'Range takes {min, max, minInclusive, maxInclusive}');
      const spec = { type: 'Range' };
      const min = numberBound(opts.min, 'min');
      const max = numberBound(opts.max, 'max');
      if (min !== undefined) spec.min = min;
      if (max !== undefined) spec.max = max;
      spec.min_inclusive = opts.minInclusive ?? true;
      spec.max_inclusive = opts.maxInclusive ?? true;
      need(typeof spec.min_inclusive === 'boolean' && typeof spec.max_inclusive === 'boolean',
        'minInclusive/maxInclusive must be booleans');
      super(spec);
    }
    static max(x) { return new defs.Range({ max: x }); }
    static min(x) { return new defs.Range({ min: x }); }
    static between(a, b) { return new defs.Range({ min: a, max: b }); }
  },
  OneOf: class OneOf extends Constraint { constructor(values) { super({ type: 'OneOf', values: strArray(values, 'values') }); } },
  NotOneOf: class NotOneOf extends Constraint { constructor(excluded) { super({ type: 'NotOneOf', excluded: strArray(excluded, 'excluded') }); } },
  Wildcard: class Wildcard extends Constraint { constructor() { super({ type: 'Wildcard' }); } },
  Contains: class Contains extends Constraint { constructor(required) { super({ type: 'Contains', required: strArray(required, 'required') }); } },
  Subset: class Subset extends Constraint { constructor(allowed) { super({ type: 'Subset', allowed: strArray(allowed, 'allowed') }); } },
  All: class All extends Constraint {
    constructor(constraints) { super({ type: 'All', constraints: strArray(constraints, 'constraints').map(toConstraint) }); }
  },
  AnyOf: class AnyOf extends Constraint {
    constructor(constraints) { super({ type: 'Any', constraints: strArray(constraints, 'constraints').map(toConstraint) }); }
  },
  Not: class Not extends Constraint { constructor(inner) { super({ type: 'Not', constraint: toConstraint(inner) }); } },
  Subpath: class Subpath extends Constraint {
    constructor(root, opts = {}) {
      need(typeof root === 'string', 'Subpath takes a root path string');
      need(isPlainObject(opts), 'Subpath options must be an object');
      super({ type: 'Subpath', root, case_sensitive: opts.caseSensitive ?? true, allow_equal: opts.allowEqual ?? true });
    }
  },
  Shlex: class Shlex extends Constraint { constructor(allow) { super({ type: 'Shlex', allow: strArray(allow, 'allow') }); } },
  Regex: class Regex extends Constraint {
    constructor(pattern) { need(typeof pattern === 'string', 'Regex takes a string'); super({ type: 'Regex', pattern }); }
  },
  Cidr: class Cidr extends Constraint {
    constructor(network) { need(typeof network === 'string', 'Cidr takes a string'); super({ type: 'Cidr', network }); }
  },
  UrlPattern: class UrlPattern extends Constraint {
    constructor(pattern) { need(typeof pattern === 'string', 'UrlPattern takes a string'); super({ type: 'UrlPattern', pattern }); }
  },
  UrlSafe: class UrlSafe extends Constraint {
    constructor(opts = {}) {
      need(isPlainObject(opts), 'UrlSafe takes an options object (snake_case keys as in the JSON form)');
      super({ type: 'UrlSafe', ...opts });
    }
  },
};

const exported = { Constraint, toConstraint, specOut };
for (const [name, cls] of Object.entries(defs)) exported[name] = callable(cls);
exported.Any = exported.AnyOf;
module.exports = exported;
