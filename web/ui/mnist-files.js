// The bundled MNIST files (gzip-compressed IDX, written by tools/build-site.mjs), relative to the site's root:
// the worker downloads them for the spec's own data, the lesson page to cut subsets for its workers.
export const MNIST_FILES = {
  train: ['data/mnist/train-images-idx3-ubyte.gz', 'data/mnist/train-labels-idx1-ubyte.gz'],
  test: ['data/mnist/t10k-images-idx3-ubyte.gz', 'data/mnist/t10k-labels-idx1-ubyte.gz'],
};
