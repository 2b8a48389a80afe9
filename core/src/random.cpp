#include "nnplay/random.hpp"

#include <cmath>
#include <cstring>

namespace nnplay {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

void Rng::reseed(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
    has_spare_ = false;
}

std::uint64_t Rng::next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

std::uint64_t Rng::below(std::uint64_t n) {
    // Reject the top partial bucket so every value is equally likely.
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x;
    do x = next_u64();
    while (x >= limit);
    return x % n;
}

float Rng::uniform() { return static_cast<float>(next_u64() >> 40) * (1.0f / 16777216.0f); }

double Rng::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    double u, v, s;
    do {
        u = static_cast<double>(next_u64() >> 11) * (2.0 / 9007199254740992.0) - 1.0;
        v = static_cast<double>(next_u64() >> 11) * (2.0 / 9007199254740992.0) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * portable_log(s) / s);  // sqrt is correctly rounded everywhere
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
}

double Rng::truncated_normal() {
    double x;
    do x = normal();
    while (x < -2.0 || x > 2.0);
    return x;
}

double portable_log(double x) {
    // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(t), t = (m-1)/(m+1), |t| < 0.172.
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    int e = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    std::memcpy(&m, &bits, sizeof m);
    if (m > 1.4142135623730951) {
        m *= 0.5;
        ++e;
    }
    const double t = (m - 1.0) / (m + 1.0), t2 = t * t;
    double term = t, sum = 0.0;
    for (int k = 1; k < 40; k += 2) {  // t^40 < 1e-30: far below double precision
        sum += term / k;
        term *= t2;
    }
    return 2.0 * sum + e * 0.6931471805599453;
}

}  // namespace nnplay
