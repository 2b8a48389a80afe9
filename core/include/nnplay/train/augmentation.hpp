// Keras' image augmentation layers as one spec section, applied to each training batch (never to
// validation or test data) with the trainer's seeded generator:
//   "augmentation": {"shift": 0.1, "rotation": 0.05, "zoom": 0.1, "flip": "horizontal", "fill_mode": "reflect"}
// shift is RandomTranslation's factor (a fraction of the height and width; a number or [height, width]),
// rotation RandomRotation's (a fraction of a full turn), zoom RandomZoom's (positive zooms out), flip
// RandomFlip's mode. Each image draws its flips, shift, angle and zoom, and is resampled once
// (bilinear) through the composed map; pixels that come from outside are filled as fill_mode says.
#pragma once
#include <string>

#include "nnplay/data/dataset.hpp"
#include "nnplay/io/fields.hpp"
#include "nnplay/random.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

struct Augmentation {
    double shift_height = 0, shift_width = 0;  // |shift| <= factor * size
    double rotation = 0;                       // |angle| <= factor * 2 pi
    double zoom = 0;                           // scale in [1 - zoom, 1 + zoom]
    bool flip_horizontal = false, flip_vertical = false;
    std::string fill_mode = "reflect";  // Keras' default; also constant (fill_value) and nearest
    float fill_value = 0;

    bool active() const {
        return shift_height > 0 || shift_width > 0 || rotation > 0 || zoom > 0 || flip_horizontal || flip_vertical;
    }
    static Augmentation from_json(const json& j, const std::string& where);
    json config() const;
};

// One image's draws, in the order they are taken from the generator.
struct AugmentDraw {
    bool flip_h = false, flip_v = false;
    double dy = 0, dx = 0;  // pixels (positive: the content moves down / right)
    double angle = 0;       // radians (positive: counter-clockwise, as Keras)
    double scale = 1;       // > 1 zooms out
};

class Augmenter {
public:
    // Throws unless `shape` is an image [height, width, channels].
    Augmenter(Augmentation a, const Shape& shape);
    const Augmentation& settings() const { return a_; }
    AugmentDraw draw(Rng& rng) const;
    // `src` and `dst`: one image each, HWC.
    void transform(const float* src, float* dst, const AugmentDraw& d) const;
    // Each row of `x` is one image, replaced by its augmented copy.
    void apply(MatMap& x, Rng& rng);

private:
    float sample(const float* src, double y, double x, Index c) const;
    Augmentation a_;
    Index h_, w_, c_;
    std::vector<float> scratch_;
};

// A copy of `data` with each image augmented from a generator seeded with `seed`: shifted or turned
// test images, to see how a model copes with them.
Dataset augmented_copy(const Dataset& data, const Augmentation& a, std::uint64_t seed);

}  // namespace nnplay
