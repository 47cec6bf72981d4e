// The stations in lecture order, in groups that follow the lecture's parts. Each entry loads its
// module only when first opened; `nav` is the short label in the header, `title` the full one
// (page title, the station menu), `group` the id of its part in GROUPS. The header numbers the
// stations in this order and lays the groups out by itself: a new entry appears there
// automatically (tests/js/nav-model.test.mjs checks every entry names a group and the groups
// stay contiguous).
export const GROUPS = [
  { id: 'optimisation', title: 'Optimisation' },
  { id: 'filters', title: 'Filters', long: 'Convolutions as features' },
  { id: 'matrix', title: 'Conv = matrix', long: 'Convolution as a matrix' },
  { id: 'cnn', title: 'CNNs', long: 'Convolutional networks' },
  { id: 'deep', title: 'Deep nets', long: 'Deep nets and regularization' },
];

export const STATIONS = [
  { id: 'momentum', group: 'optimisation', title: 'Momentum', nav: 'Momentum', load: () => import('./momentum/view.js') },
  { id: 'kernel', group: 'filters', title: 'Your 3×3 kernel', nav: '3×3 kernel', load: () => import('./kernel/view.js') },
  { id: 'filters', group: 'filters', title: 'Filters as features', nav: 'Filters', load: () => import('./filters/view.js') },
  { id: 'orient', group: 'filters', title: 'Max over orientations', nav: 'Orientations', load: () => import('./orient/view.js') },
  { id: 'mr8', group: 'filters', title: 'MR8 filter bank', nav: 'MR8', load: () => import('./mr8/view.js') },
  { id: 'matrix1d', group: 'matrix', title: '1D conv = matrix', nav: '1D = Wx', load: () => import('./matrix1d/view.js') },
  { id: 'matrix2d', group: 'matrix', title: '2D conv = matrix', nav: '2D = Wx', load: () => import('./matrix2d/view.js') },
  { id: 'params', group: 'cnn', title: 'Parameter count', nav: 'Parameters', load: () => import('./params/view.js') },
  { id: 'learned', group: 'cnn', title: 'Fixed vs learned filters', nav: 'Learned', load: () => import('./learned/view.js') },
  { id: 'pooling', group: 'cnn', title: 'Conv → ReLU → pool', nav: 'Pooling', load: () => import('./pooling/view.js') },
  { id: 'lenet', group: 'cnn', title: 'LeNet-5 on MNIST', nav: 'LeNet-5', load: () => import('./lenet5/view.js') },
  { id: 'skip', group: 'deep', title: 'Skip connections', nav: 'ResNet', load: () => import('./skip/view.js') },
  { id: 'regularize', group: 'deep', title: 'Regularization', nav: 'Regularize', load: () => import('./regularize/view.js') },
  { id: 'implicit', group: 'deep', title: 'Implicit regularization', nav: 'Implicit', load: () => import('./implicit/view.js') },
];
