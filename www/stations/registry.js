// The stations in lecture order. Each entry loads its module only when first opened.
export const STATIONS = [
  { id: 'momentum', title: 'Momentum', load: () => import('./momentum.js') },
  { id: 'kernel', title: 'Your 3×3 kernel', load: () => import('./kernel.js') },
  { id: 'filters', title: 'Filters as features', load: () => import('./filters.js') },
  { id: 'matrix1d', title: '1D conv = matrix', load: () => import('./matrix1d.js') },
  { id: 'matrix2d', title: '2D conv = matrix', load: () => import('./matrix2d.js') },
  { id: 'params', title: 'Parameter count', load: () => import('./params.js') },
  { id: 'pooling', title: 'Conv → ReLU → pool', load: () => import('./pooling.js') },
  { id: 'implicit', title: 'Implicit regularization', load: () => import('./implicit.js') },
];
