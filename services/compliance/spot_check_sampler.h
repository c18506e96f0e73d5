#ifndef FANGXIN_SERVICES_COMPLIANCE_SPOT_CHECK_SAMPLER_H_
#define FANGXIN_SERVICES_COMPLIANCE_SPOT_CHECK_SAMPLER_H_

// The "double random" spot check (双随机): a uniform random sample of pledges, and for each a
// random inspector from a pool. A plan stores its seed and its candidate lists, so anyone can
// recompute the sample with this function and see that nobody picked the shops or the
// inspectors by hand.
//
// The algorithm is part of the public contract (the API guide describes it so a third party
// can reimplement it), which is why it uses its own fully specified generator rather than
// std::uniform_int_distribution (implementation-defined) or the demo's generator (free to
// change). Changing anything here invalidates every stored plan's recomputation.
//
// Pure; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

namespace fangxin {

// xoshiro256** 1.0 (Blackman, Vigna 2018) seeded by four rounds of splitmix64 on the seed.
// Not thread-safe; cheap to copy.
class SpotCheckRng {
 public:
  explicit SpotCheckRng(uint64_t seed);
  uint64_t Next();
  // Uniform in [0, n) for n > 0, by rejection of the short last bucket (no modulo bias).
  uint64_t Below(uint64_t n);

 private:
  uint64_t s_[4];
};

struct SpotCheckAssignment {
  std::string pledge;     // `pledges/{id}`
  std::string inspector;  // as listed in the pool
};

// Samples min(sample_size, candidates) distinct pledges uniformly (every subset of that size is
// equally likely) and assigns each an inspector drawn uniformly and independently from
// `inspectors` (which must not be empty when the sample is not).
//
// Candidates and inspectors are first sorted and de-duplicated, so the result depends only on
// the seed and the two sets, never on the order a listing returned them in. Then a partial
// Fisher-Yates shuffle: for i in 0..k-1, swap(c[i], c[i + Below(n - i)]); the sample is c[0..k)
// in that order, and inspector j of the sorted pool goes to sample i when Below(m) == j, drawn
// after the whole sample.
std::vector<SpotCheckAssignment> SampleSpotCheck(uint64_t seed, std::vector<std::string> candidates,
                                                 int sample_size,
                                                 std::vector<std::string> inspectors);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_SPOT_CHECK_SAMPLER_H_
