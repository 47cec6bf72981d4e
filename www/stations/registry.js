// The stations in lecture order. Each entry loads its module only when first opened.
export const STATIONS = [
  { id: 'kernel', title: 'Your 3×3 kernel', load: () => import('./kernel.js') },
];
