// Seeded randomness that gives the same numbers with every compiler and standard library:
// xoshiro256** seeded by SplitMix64,
// floats built from bits, normals from our own log (libm's log may differ between glibc and musl).
#pragma once
#include <cstdint>
#include <vector>

namespace nnplay {

// Everything an Rng holds, so a saved training run continues with the same draws.
struct RngState {
    std::uint64_t s[4];
    bool has_spare;
    double spare;
};

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) { reseed(seed); }
    void reseed(std::uint64_t seed);

    std::uint64_t next_u64();
    // Uniform integer in [0, n), unbiased (rejection sampling).
    std::uint64_t below(std::uint64_t n);
    // Uniform float in [0, 1) with 24 random bits.
    float uniform();
    // Uniform in [lo, hi).
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
    // Standard normal (Marsaglia polar method with a portable log).
    double normal();
    // Normal truncated at two standard deviations, as Keras' truncated_normal.
    double truncated_normal();

    RngState state() const { return {{s_[0], s_[1], s_[2], s_[3]}, has_spare_, spare_}; }
    void set_state(const RngState& st) {
        for (int i = 0; i < 4; ++i) s_[i] = st.s[i];
        has_spare_ = st.has_spare;
        spare_ = st.spare;
    }

    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) {
            auto j = static_cast<std::size_t>(below(i));
            std::swap(v[i - 1], v[j]);
        }
    }

private:
    std::uint64_t s_[4];
    bool has_spare_ = false;
    double spare_ = 0;
};

// Natural log from + - * / only, so it rounds the same on every platform.
double portable_log(double x);

}  // namespace nnplay
