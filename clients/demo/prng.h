#ifndef FANGXIN_CLIENTS_DEMO_PRNG_H_
#define FANGXIN_CLIENTS_DEMO_PRNG_H_

// A small pseudo-random generator whose output is the same on every platform and standard
// library: xoshiro256** seeded through splitmix64, with its own integer and real distributions.
// (std::uniform_int_distribution and friends are implementation-defined, and absl::BitGen is
// deliberately non-deterministic, so neither can make reproducible demo data.)
//
// Not thread-safe; cheap to copy. Not for anything secret.

#include <cstdint>
#include <vector>

namespace fangxin::demo {

// splitmix64 (Steele, Lea, Flood 2014): a good 64-bit mixer, used to expand a seed.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Prng {
 public:
  explicit Prng(uint64_t seed) {
    uint64_t s = seed;
    for (uint64_t& word : s_) word = SplitMix64(s);
  }

  // A generator for an independent sub-stream, e.g. one per merchant, so that changing how many
  // numbers one part draws does not shift every later part.
  static Prng ForStream(uint64_t seed, uint64_t stream) {
    uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    return Prng(SplitMix64(s));
  }

  // xoshiro256** 1.0 (Blackman, Vigna 2018).
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. Unbiased (rejection of the short last bucket).
  uint64_t Below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
      x = Next();
    } while (x >= limit);
    return x % n;
  }

  // Uniform in [lo, hi]; lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1), with 53 random bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // True with probability p.
  bool Chance(double p) { return Unit() < p; }

  // An index drawn with probability proportional to weights[i]; weights non-negative, not all 0.
  size_t Weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Unit() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    // Rounding left x just past the end: return the last index with a positive weight.
    for (size_t i = weights.size(); i-- > 0;) {
      if (weights[i] > 0) return i;
    }
    return 0;
  }

  // A point uniform in the unit disk, by rejection from the square (no trigonometry, so the
  // result does not depend on the platform's libm).
  void InUnitDisk(double& x, double& y) {
    do {
      x = 2 * Unit() - 1;
      y = 2 * Unit() - 1;
    } while (x * x + y * y > 1);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_PRNG_H_
