// Every corruption of a valid proof is rejected: the wrong index, doubled, halved and
// off-by-one sizes, swapped roots, truncated and extended proofs, and every single bit flipped
// in the proof, the leaf hash and the roots.

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "storage/merkle/hash.h"
#include "storage/merkle/proof_builder.h"
#include "storage/merkle/verify.h"
#include "tests/unit/audit/memory_node_store.h"

namespace fangxin::storage::merkle {
namespace {

constexpr uint64_t kLeaves = 70;

class MerkleCorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    leaves_ = TestLeaves(kLeaves);
    roots_.push_back(EmptyRoot());
    for (const std::string& leaf : leaves_) {
      store_.Append(leaf);
      roots_.push_back(store_.frontier().Root());
    }
  }

  std::vector<std::string> Inclusion(uint64_t index, uint64_t size) {
    return *InclusionProof(store_, index, size);
  }
  std::vector<std::string> Consistency(uint64_t old_size, uint64_t new_size) {
    return *ConsistencyProof(store_, old_size, new_size);
  }

  std::vector<std::string> leaves_;
  std::vector<std::string> roots_;
  MemoryNodeStore store_;
};

// Calls `check` with every single-bit flip of `bytes`.
template <typename Check>
void ForEachBitFlip(const std::string& bytes, Check check) {
  for (size_t byte = 0; byte < bytes.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[byte] = static_cast<char>(flipped[byte] ^ (1 << bit));
      check(flipped, byte, bit);
    }
  }
}

// (index, size) pairs covering perfect, ragged, first, last and single-leaf trees.
const std::vector<std::pair<uint64_t, uint64_t>>& InclusionCases() {
  static const auto* cases = new std::vector<std::pair<uint64_t, uint64_t>>{
      {0, 1}, {0, 2}, {1, 2}, {2, 3}, {0, 8}, {5, 8}, {7, 8}, {4, 5},
      {12, 13}, {31, 64}, {32, 33}, {0, 70}, {45, 70}, {69, 70}};
  return *cases;
}

TEST_F(MerkleCorruptionTest, ValidInclusionProofsVerify) {
  for (auto [index, size] : InclusionCases()) {
    EXPECT_TRUE(VerifyInclusion(index, size, leaves_[index], Inclusion(index, size), roots_[size])
                    .ok());
  }
}

TEST_F(MerkleCorruptionTest, InclusionRejectsEveryOtherIndex) {
  for (auto [index, size] : InclusionCases()) {
    const std::vector<std::string> proof = Inclusion(index, size);
    for (uint64_t other = 0; other < size + 2; ++other) {
      if (other == index) continue;
      EXPECT_FALSE(VerifyInclusion(other, size, leaves_[index], proof, roots_[size]).ok())
          << "claimed index " << other << " for leaf " << index << " in " << size;
    }
  }
}

TEST_F(MerkleCorruptionTest, InclusionRejectsOtherSizes) {
  for (auto [index, size] : InclusionCases()) {
    const std::vector<std::string> proof = Inclusion(index, size);
    for (uint64_t other : {size * 2, size / 2, size + 1, size - 1, uint64_t{0}}) {
      if (other == size) continue;
      // A root does not commit to its size: a size one off often has the same proof shape and
      // so "verifies" against the right root. That is why a checkpoint signs (size, root)
      // together; a doubled or halved size changes the shape and fails even so.
      if (other == size * 2 || other == size / 2 || other == 0) {
        EXPECT_FALSE(VerifyInclusion(index, other, leaves_[index], proof, roots_[size]).ok())
            << index << " in " << size << " claimed " << other;
      }
      if (other < roots_.size()) {
        EXPECT_FALSE(VerifyInclusion(index, other, leaves_[index], proof, roots_[other]).ok())
            << index << " in " << size << " claimed " << other;
      }
    }
  }
}

TEST_F(MerkleCorruptionTest, InclusionRejectsTruncatedAndExtendedProofs) {
  for (auto [index, size] : InclusionCases()) {
    const std::vector<std::string> proof = Inclusion(index, size);
    for (size_t keep = 0; keep < proof.size(); ++keep) {
      std::vector<std::string> truncated(proof.begin(), proof.begin() + keep);
      EXPECT_FALSE(VerifyInclusion(index, size, leaves_[index], truncated, roots_[size]).ok());
    }
    for (size_t drop = 0; drop < proof.size(); ++drop) {
      std::vector<std::string> holed = proof;
      holed.erase(holed.begin() + drop);
      EXPECT_FALSE(VerifyInclusion(index, size, leaves_[index], holed, roots_[size]).ok());
    }
    for (const std::string& extra : {std::string(kHashSize, '\0'), leaves_[index], roots_[size]}) {
      std::vector<std::string> extended = proof;
      extended.push_back(extra);
      EXPECT_FALSE(VerifyInclusion(index, size, leaves_[index], extended, roots_[size]).ok());
      extended = proof;
      extended.insert(extended.begin(), extra);
      EXPECT_FALSE(VerifyInclusion(index, size, leaves_[index], extended, roots_[size]).ok());
    }
  }
}

TEST_F(MerkleCorruptionTest, InclusionRejectsEveryBitFlip) {
  for (auto [index, size] : InclusionCases()) {
    const std::vector<std::string> proof = Inclusion(index, size);
    for (size_t i = 0; i < proof.size(); ++i) {
      ForEachBitFlip(proof[i], [&](const std::string& flipped, size_t byte, int bit) {
        std::vector<std::string> corrupted = proof;
        corrupted[i] = flipped;
        absl::Status s = VerifyInclusion(index, size, leaves_[index], corrupted, roots_[size]);
        EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss)
            << "proof[" << i << "] byte " << byte << " bit " << bit;
      });
    }
    ForEachBitFlip(leaves_[index], [&](const std::string& flipped, size_t byte, int bit) {
      EXPECT_EQ(VerifyInclusion(index, size, flipped, proof, roots_[size]).code(),
                absl::StatusCode::kDataLoss)
          << "leaf byte " << byte << " bit " << bit;
    });
    ForEachBitFlip(roots_[size], [&](const std::string& flipped, size_t byte, int bit) {
      EXPECT_EQ(VerifyInclusion(index, size, leaves_[index], proof, flipped).code(),
                absl::StatusCode::kDataLoss)
          << "root byte " << byte << " bit " << bit;
    });
  }
}

TEST_F(MerkleCorruptionTest, InclusionRejectsMalformedInputsAsInvalid) {
  const std::vector<std::string> proof = Inclusion(5, 8);
  EXPECT_EQ(VerifyInclusion(8, 8, leaves_[5], proof, roots_[8]).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(5, 8, leaves_[5].substr(1), proof, roots_[8]).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(5, 8, leaves_[5], proof, roots_[8] + "x").code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<std::string> short_hash = proof;
  short_hash[1].pop_back();
  EXPECT_EQ(VerifyInclusion(5, 8, leaves_[5], short_hash, roots_[8]).code(),
            absl::StatusCode::kInvalidArgument);
}

const std::vector<std::pair<uint64_t, uint64_t>>& ConsistencyCases() {
  static const auto* cases = new std::vector<std::pair<uint64_t, uint64_t>>{
      {1, 2}, {1, 8}, {2, 5}, {3, 7}, {4, 8}, {6, 8}, {7, 8}, {8, 9},
      {13, 64}, {32, 70}, {33, 70}, {64, 65}, {69, 70}};
  return *cases;
}

TEST_F(MerkleCorruptionTest, ValidConsistencyProofsVerify) {
  for (auto [m, n] : ConsistencyCases()) {
    EXPECT_TRUE(VerifyConsistency(m, n, roots_[m], roots_[n], Consistency(m, n)).ok())
        << m << " -> " << n;
  }
}

TEST_F(MerkleCorruptionTest, ConsistencyRejectsSwappedRoots) {
  for (auto [m, n] : ConsistencyCases()) {
    const std::vector<std::string> proof = Consistency(m, n);
    EXPECT_FALSE(VerifyConsistency(m, n, roots_[n], roots_[m], proof).ok()) << m << " -> " << n;
    EXPECT_FALSE(VerifyConsistency(n, m, roots_[n], roots_[m], proof).ok()) << m << " -> " << n;
  }
}

TEST_F(MerkleCorruptionTest, ConsistencyRejectsOtherSizes) {
  for (auto [m, n] : ConsistencyCases()) {
    const std::vector<std::string> proof = Consistency(m, n);
    const std::pair<uint64_t, uint64_t> others[] = {
        {m * 2, n}, {m / 2, n}, {m + 1, n}, {m - 1, n},
        {m, n * 2}, {m, n / 2}, {m, n + 1}, {m, n - 1}};
    for (auto [om, on] : others) {
      if (om == m && on == n) continue;
      // As for inclusion: one off with the true roots may keep the shape; see above.
      const bool doubled_or_halved = om == m * 2 || om == m / 2 || on == n * 2 || on == n / 2;
      if (doubled_or_halved) {
        EXPECT_FALSE(VerifyConsistency(om, on, roots_[m], roots_[n], proof).ok())
            << m << " -> " << n << " claimed " << om << " -> " << on;
      }
      if (om < roots_.size() && on < roots_.size() && om != 0) {
        EXPECT_FALSE(VerifyConsistency(om, on, roots_[om], roots_[on], proof).ok())
            << m << " -> " << n << " claimed " << om << " -> " << on << " with their roots";
      }
    }
  }
}

TEST_F(MerkleCorruptionTest, ConsistencyRejectsTruncatedAndExtendedProofs) {
  for (auto [m, n] : ConsistencyCases()) {
    const std::vector<std::string> proof = Consistency(m, n);
    for (size_t keep = 0; keep < proof.size(); ++keep) {
      std::vector<std::string> truncated(proof.begin(), proof.begin() + keep);
      EXPECT_FALSE(VerifyConsistency(m, n, roots_[m], roots_[n], truncated).ok());
    }
    for (size_t drop = 0; drop < proof.size(); ++drop) {
      std::vector<std::string> holed = proof;
      holed.erase(holed.begin() + drop);
      EXPECT_FALSE(VerifyConsistency(m, n, roots_[m], roots_[n], holed).ok());
    }
    for (const std::string& extra : {std::string(kHashSize, '\0'), roots_[m], roots_[n]}) {
      std::vector<std::string> extended = proof;
      extended.push_back(extra);
      EXPECT_FALSE(VerifyConsistency(m, n, roots_[m], roots_[n], extended).ok());
      extended = proof;
      extended.insert(extended.begin(), extra);
      EXPECT_FALSE(VerifyConsistency(m, n, roots_[m], roots_[n], extended).ok());
    }
  }
}

TEST_F(MerkleCorruptionTest, ConsistencyRejectsEveryBitFlip) {
  for (auto [m, n] : ConsistencyCases()) {
    const std::vector<std::string> proof = Consistency(m, n);
    for (size_t i = 0; i < proof.size(); ++i) {
      ForEachBitFlip(proof[i], [&](const std::string& flipped, size_t byte, int bit) {
        std::vector<std::string> corrupted = proof;
        corrupted[i] = flipped;
        EXPECT_EQ(VerifyConsistency(m, n, roots_[m], roots_[n], corrupted).code(),
                  absl::StatusCode::kDataLoss)
            << m << " -> " << n << " proof[" << i << "] byte " << byte << " bit " << bit;
      });
    }
    ForEachBitFlip(roots_[m], [&](const std::string& flipped, size_t byte, int bit) {
      EXPECT_EQ(VerifyConsistency(m, n, flipped, roots_[n], proof).code(),
                absl::StatusCode::kDataLoss)
          << m << " -> " << n << " old root byte " << byte << " bit " << bit;
    });
    ForEachBitFlip(roots_[n], [&](const std::string& flipped, size_t byte, int bit) {
      EXPECT_EQ(VerifyConsistency(m, n, roots_[m], flipped, proof).code(),
                absl::StatusCode::kDataLoss)
          << m << " -> " << n << " new root byte " << byte << " bit " << bit;
    });
  }
}

TEST_F(MerkleCorruptionTest, ConsistencyEdgeSizes) {
  // Equal sizes: empty proof and equal roots only.
  EXPECT_TRUE(VerifyConsistency(8, 8, roots_[8], roots_[8], {}).ok());
  EXPECT_EQ(VerifyConsistency(8, 8, roots_[8], roots_[7], {}).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyConsistency(8, 8, roots_[8], roots_[8], {roots_[8]}).code(),
            absl::StatusCode::kInvalidArgument);
  // The empty tree is a prefix of every tree, with an empty proof.
  EXPECT_TRUE(VerifyConsistency(0, 8, EmptyRoot(), roots_[8], {}).ok());
  EXPECT_EQ(VerifyConsistency(0, 8, EmptyRoot(), roots_[8], {roots_[8]}).code(),
            absl::StatusCode::kInvalidArgument);
  // A growing tree needs a proof.
  EXPECT_EQ(VerifyConsistency(4, 8, roots_[4], roots_[8], {}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(9, 8, roots_[9], roots_[8], Consistency(8, 9)).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fangxin::storage::merkle
