// One spatial axis of a convolution or pooling window.
#pragma once
#include "nnplay/tensor.hpp"

namespace nnplay {

// Output size and leading padding of one spatial axis, with TensorFlow's rules for 'valid' and 'same'.
struct Axis {
    Index in, kernel, stride, out, pad;
    static Axis make(Index in, Index kernel, Index stride, bool same);
};

}  // namespace nnplay
