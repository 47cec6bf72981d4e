// The benchmark cases, in running order; each id is a module ./<id>.js (interface: README,
// "Benchmarks"). `bench.html?only=a,b` runs a subset.
export const CASES = [
  'wasm-size',
  'rgba-3x3-720p',
  'rgba-3x3-12mp',
  'filter-49x49-512',
  'mr8-512',
  'lenet5-forward',
  'lenet5-train',
  'learned-train',
  'startup',
];
