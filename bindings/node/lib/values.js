'use strict';
// Argument values -> the JSON text libtenuo parses (which keeps ints and floats apart).
//
// The rule for numbers (JavaScript has one number type, the protocol has two):
//   * a BigInt is always an int (it must fit in 64 bits);
//   * an integer-valued number is an int; it must be a safe integer (|x| <= 2^53 - 1),
//     otherwise it is refused (RangeError): use a BigInt;
//   * a number with a fraction (0.5), NaN and +-Infinity are floats;
//   * `Float(x)` / `tenuo.float(x)` marks a number as a float whatever its value (Float(1) is 1.0).
// Strings, booleans, null, arrays and plain objects map to their protocol kinds. Anything else
// (undefined, functions, symbols, Buffers, Dates, Maps, class instances) throws a TypeError.

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class Float {
  constructor(value) {
    if (typeof value !== 'number') throw new TypeError('Float() takes a number');
    this.value = value;
    Object.freeze(this);
  }
  valueOf() { return this.value; }
  toString() { return floatText(this.value); }
}

function float(value) {
  return new Float(value);
}

function floatText(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  let s = String(x);
  if (Object.is(x, -0)) s = '-0';
  if (!/[.eE]/.test(s)) return s + '.0';
  if (!s.includes('.')) return s.replace(/e/i, '.0e');
  return s;
}

function isPlainObject(v) {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encode(v, where = 'value', depth = 0) {
  if (depth > 64) throw new RangeError(`${where}: nested too deeply`);
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint':
      if (v < INT64_MIN || v > INT64_MAX) throw new RangeError(`${where}: BigInt out of the 64-bit range`);
      return v.toString();
    case 'number':
      if (!Number.isFinite(v) || !Number.isInteger(v)) return floatText(v);
      if (!Number.isSafeInteger(v)) {
        throw new RangeError(`${where}: ${v} is not a safe integer; pass a BigInt (or Float(x) for a float)`);
      }
      return String(Object.is(v, -0) ? 0 : v);
    case 'object':
      if (v === null) return 'null';
      if (v instanceof Float) return floatText(v.value);
      if (Array.isArray(v)) return '[' + v.map((x, i) => encode(x, `${where}[${i}]`, depth + 1)).join(',') + ']';
      if (isPlainObject(v)) {
        return '{' + Object.keys(v).map((k) => JSON.stringify(k) + ':' + encode(v[k], `${where}.${k}`, depth + 1)).join(',') + '}';
      }
      throw new TypeError(`${where}: ${v.constructor ? v.constructor.name : 'object'} is not an argument value`);
    default:
      throw new TypeError(`${where}: ${typeof v} is not an argument value`);
  }
}

/** A call's arguments (a plain object, RawArgs, or null/undefined for none) -> JSON or null. */
function encodeArgs(args) {
  if (args === undefined || args === null) return null;
  if (args instanceof RawArgs) return args.json;
  if (!isPlainObject(args)) throw new TypeError('args must be a plain object (or null)');
  return encode(args, 'args');
}

/** Arguments given as JSON text (e.g. an HTTP body), passed to libtenuo unparsed, so
 * `1.0` stays a float. */
class RawArgs {
  constructor(json) {
    if (typeof json !== 'string') throw new TypeError('RawArgs takes JSON text');
    this.json = json;
  }
}

/**
 * JSON.parse that keeps the int/float distinction: a number written with a fraction or an
 * exponent (`1.0`, `1e3`) becomes a Float, an integer a number (a BigInt beyond 2^53 - 1).
 * Encoding the result again gives the same kinds.
 */
const NUM = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const STR = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

function parseJSON(text) {
  if (typeof text !== 'string') throw new TypeError('parseJSON takes a string');
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const fail = (what) => { throw new SyntaxError(`JSON: ${what} at offset ${i}`); };
  function value(depth) {
    if (depth > 512) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++; const o = {}; ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) {
        ws(); if (text[i] !== '"') fail('expected a key');
        const k = str(); ws(); if (text[i++] !== ':') fail('expected ":"');
        if (Object.prototype.hasOwnProperty.call(o, k)) fail(`duplicate key ${JSON.stringify(k)}`);
        Object.defineProperty(o, k, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws(); const d = text[i++];
        if (d === '}') return o;
        if (d !== ',') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++; const a = []; ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) {
        a.push(value(depth + 1)); ws(); const d = text[i++];
        if (d === ']') return a;
        if (d !== ',') fail('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m || m[0] === '' || m[0] === '-') fail('unexpected character');
    i += m[0].length;
    if (m[2] || m[3]) return new Float(Number(m[0]));
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : BigInt(m[0]);
  }
  function str() {
    STR.lastIndex = i;
    const m = STR.exec(text);
    if (!m) fail('bad string');
    i += m[0].length;
    return JSON.parse(m[0]);
  }
  const v = value(0);
  ws();
  if (i !== text.length) fail('trailing text');
  return v;
}

module.exports = { Float, float, encode, encodeArgs, RawArgs, isPlainObject, parseJSON };
