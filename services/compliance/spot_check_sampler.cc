#include "services/compliance/spot_check_sampler.h"

#include <algorithm>
#include <utility>

namespace fangxin {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

SpotCheckRng::SpotCheckRng(uint64_t seed) {
  for (uint64_t& word : s_) word = SplitMix64(seed);
}

uint64_t SpotCheckRng::Next() {
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

uint64_t SpotCheckRng::Below(uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do {
    x = Next();
  } while (x >= limit);
  return x % n;
}

std::vector<SpotCheckAssignment> SampleSpotCheck(uint64_t seed, std::vector<std::string> candidates,
                                                 int sample_size,
                                                 std::vector<std::string> inspectors) {
  SortUnique(candidates);
  SortUnique(inspectors);
  const size_t n = candidates.size();
  const size_t k = sample_size <= 0 ? 0 : std::min(n, static_cast<size_t>(sample_size));
  std::vector<SpotCheckAssignment> sample;
  if (k == 0 || inspectors.empty()) return sample;
  SpotCheckRng rng(seed);
  for (size_t i = 0; i < k; ++i) {
    std::swap(candidates[i], candidates[i + rng.Below(n - i)]);
  }
  sample.reserve(k);
  for (size_t i = 0; i < k; ++i) {
    sample.push_back({std::move(candidates[i]), inspectors[rng.Below(inspectors.size())]});
  }
  return sample;
}

}  // namespace fangxin
