// The stations in lecture order. Each entry loads its module only when first opened;
// `nav` is the short label in the header, `title` the full one (page title, tooltips).
export const STATIONS = [
  { id: 'momentum', title: 'Momentum', nav: 'Momentum', load: () => import('./momentum/view.js') },
  { id: 'kernel', title: 'Your 3×3 kernel', nav: '3×3 kernel', load: () => import('./kernel/view.js') },
  { id: 'filters', title: 'Filters as features', nav: 'Filters', load: () => import('./filters/view.js') },
  { id: 'orient', title: 'Max over orientations', nav: 'Orientations', load: () => import('./orient/view.js') },
  { id: 'mr8', title: 'MR8 filter bank', nav: 'MR8', load: () => import('./mr8/view.js') },
  { id: 'matrix1d', title: '1D conv = matrix', nav: '1D = Wx', load: () => import('./matrix1d/view.js') },
  { id: 'matrix2d', title: '2D conv = matrix', nav: '2D = Wx', load: () => import('./matrix2d/view.js') },
  { id: 'params', title: 'Parameter count', nav: 'Parameters', load: () => import('./params/view.js') },
  { id: 'pooling', title: 'Conv → ReLU → pool', nav: 'Pooling', load: () => import('./pooling/view.js') },
  { id: 'lenet', title: 'LeNet-5 on MNIST', nav: 'LeNet-5', load: () => import('./lenet5/view.js') },
  { id: 'skip', title: 'Skip connections', nav: 'ResNet', load: () => import('./skip.js') },
  { id: 'regularize', title: 'Regularization', nav: 'Regularize', load: () => import('./regularize.js') },
  { id: 'implicit', title: 'Implicit regularization', nav: 'Implicit', load: () => import('./implicit/view.js') },
];
