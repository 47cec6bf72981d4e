// A station's URL state, declared once as a schema (after TensorFlow Playground's state.ts:
// one list of properties, each with its type, parsed and serialised the same way everywhere).
// DOM-free; unit-tested in tests/js/state.test.mjs.
//
//   const STATE = schema([
//     { name: 'n', type: 'int', min: 8, max: 64, default: 12 },
//     { name: 'mode', type: 'enum', values: ['valid', 'same'], default: 'valid' },
//     { name: 'w', type: 'list', item: (t) => !parseNumber(t).error, lengths: [3, 5, 7, 9], default: ['1', '-2', '1'] },
//   ]);
//   STATE.parse(new URLSearchParams('n=99&mode=zz'))  → { n: 64, mode: 'valid', w: ['1', '-2', '1'] }
//   STATE.serialize({ n: 12, mode: 'same', w: [...] }) → URLSearchParams 'n=12&mode=same&w=1,-2,1'
//
// Field types and their rules (a value that breaks a rule falls back to the default, except
// numbers out of range, which are clamped to the nearest limit):
//   number  finite; clamped to [min, max]
//   int     as number, then rounded
//   enum    one of `values` (strings)
//   bool    '1' / 'true' → true, '0' / 'false' → false
//   text    any string; `valid(text)` may refuse it
//   list    comma-separated texts; each must pass `item(text)`, the count must be in `lengths`
// Any field may be `optional` (default null): it is left out of the address while null.
// `parse(params)` never throws; `serialize(values)` writes fields in declared order.

const TYPES = {
  number: {
    read(text, f) {
      if (text.trim() === '') return undefined;
      const v = Number(text);
      return Number.isFinite(v) ? clamp(v, f) : undefined;
    },
    write: (v) => String(v),
  },
  int: {
    read(text, f) {
      const v = TYPES.number.read(text, f);
      return v === undefined ? undefined : clamp(Math.round(v), f);
    },
    write: (v) => String(v),
  },
  enum: {
    read: (text, f) => (f.values.includes(text) ? text : undefined),
    write: (v) => String(v),
  },
  bool: {
    read: (text) => ({ 1: true, true: true, 0: false, false: false })[text],
    write: (v) => (v ? '1' : '0'),
  },
  text: {
    read: (text, f) => (!f.valid || f.valid(text) ? text : undefined),
    write: (v) => String(v),
  },
  list: {
    read(text, f) {
      const items = text.split(',');
      if (f.lengths && !f.lengths.includes(items.length)) return undefined;
      if (f.item && !items.every((t) => f.item(t))) return undefined;
      return items;
    },
    write: (v) => v.join(','),
  },
};

function clamp(v, f) {
  const lo = f.min ?? -Infinity, hi = f.max ?? Infinity;
  const r = Math.min(hi, Math.max(lo, v));
  return f.type === 'int' ? Math.round(r) : r;
}

function check(f) {
  if (!f || typeof f.name !== 'string' || !f.name) throw new Error('every state field needs a name');
  if (!TYPES[f.type]) throw new Error(`state field "${f.name}" has unknown type "${f.type}"`);
  if (f.type === 'enum' && !(Array.isArray(f.values) && f.values.length)) throw new Error(`enum field "${f.name}" needs values`);
  if (!f.optional && f.default === undefined) throw new Error(`state field "${f.name}" needs a default (or optional: true)`);
  if (f.type === 'enum' && !f.optional && !f.values.includes(f.default)) throw new Error(`enum field "${f.name}": default "${f.default}" is not one of its values`);
}

const copy = (v) => (Array.isArray(v) ? v.slice() : v);

/** Declares a URL-state schema from a list of fields (see the file comment). */
export function schema(fields) {
  fields.forEach(check);
  const names = new Set();
  for (const f of fields) {
    if (names.has(f.name)) throw new Error(`state field "${f.name}" is declared twice`);
    names.add(f.name);
  }
  const def = (f) => (f.default === undefined ? null : copy(f.default));
  return {
    fields,
    /** Every field at its default. */
    defaults: () => Object.fromEntries(fields.map((f) => [f.name, def(f)])),
    /** Reads URLSearchParams (or a query string, or a plain object); bad or missing values → defaults. */
    parse(params) {
      const p = params instanceof URLSearchParams ? params
        : new URLSearchParams(typeof params === 'string' ? params : Object.entries(params || {}));
      const out = {};
      for (const f of fields) {
        const text = p.get(f.name);
        const v = text === null ? undefined : TYPES[f.type].read(text, f);
        out[f.name] = v === undefined ? def(f) : v;
      }
      return out;
    },
    /** Writes values (fields in declared order; null/undefined optional fields left out). */
    serialize(values) {
      const p = new URLSearchParams();
      for (const f of fields) {
        const v = values[f.name];
        if (v === null || v === undefined) continue;
        p.set(f.name, TYPES[f.type].write(v));
      }
      return p;
    },
  };
}
