// Known-answer tests against the RFC 6962 reference vectors published with Certificate
// Transparency (certificate-transparency-go / transparency-dev/merkle testonly): a log no other
// implementation agrees with proves nothing to anyone else.

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "storage/merkle/frontier.h"
#include "storage/merkle/hash.h"
#include "storage/merkle/proof_builder.h"
#include "storage/merkle/verify.h"
#include "tests/unit/audit/memory_node_store.h"

namespace fangxin::storage::merkle {
namespace {

std::string Unhex(const std::string& hex) { return absl::HexStringToBytes(hex); }

std::vector<std::string> UnhexAll(const std::vector<std::string>& hexes) {
  std::vector<std::string> out;
  for (const std::string& h : hexes) out.push_back(Unhex(h));
  return out;
}

const std::vector<std::string>& ReferenceEntries() {
  static const auto* entries = new std::vector<std::string>(UnhexAll({
      "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
      "606162636465666768696a6b6c6d6e6f"}));
  return *entries;
}

// Root of the tree of the first n reference entries, n = 0..8.
const char* const kReferenceRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

class ReferenceTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& entry : ReferenceEntries()) store_.Append(LeafHash(entry));
  }
  MemoryNodeStore store_;
};

TEST(HashTest, EmptyRootIsSha256OfNothing) {
  EXPECT_EQ(ToHex(EmptyRoot()), kReferenceRoots[0]);
}

TEST(HashTest, LeafAndNodeHashesUseTheirPrefixes) {
  EXPECT_EQ(ToHex(LeafHash("")), kReferenceRoots[1]);
  // SHA-256(0x01 || L0 || L1) is the root of two leaves.
  EXPECT_EQ(ToHex(NodeHash(LeafHash(ReferenceEntries()[0]), LeafHash(ReferenceEntries()[1]))),
            kReferenceRoots[2]);
}

TEST(HashTest, SplitPointIsTheLargestPowerOfTwoBelow) {
  const struct {
    uint64_t n;
    uint64_t split;
  } cases[] = {{2, 1}, {3, 2}, {4, 2}, {5, 4}, {7, 4}, {8, 4}, {9, 8}, {1000000, 524288}};
  for (const auto& c : cases) EXPECT_EQ(SplitPoint(c.n), c.split) << c.n;
}

TEST_F(ReferenceTreeTest, FrontierRootMatchesEveryReferenceSize) {
  MemoryNodeStore growing;
  EXPECT_EQ(ToHex(growing.frontier().Root()), kReferenceRoots[0]);
  for (size_t n = 1; n <= ReferenceEntries().size(); ++n) {
    growing.Append(LeafHash(ReferenceEntries()[n - 1]));
    EXPECT_EQ(ToHex(growing.frontier().Root()), kReferenceRoots[n]) << "size " << n;
  }
}

TEST_F(ReferenceTreeTest, StoredRootMatchesEveryReferenceSize) {
  for (uint64_t n = 0; n <= 8; ++n) {
    absl::StatusOr<std::string> root = RootHash(store_, n);
    ASSERT_TRUE(root.ok()) << root.status();
    EXPECT_EQ(ToHex(*root), kReferenceRoots[n]) << "size " << n;
  }
}

TEST_F(ReferenceTreeTest, FrontierReloadsFromStoredNodes) {
  for (uint64_t n = 0; n <= 8; ++n) {
    absl::StatusOr<Frontier> loaded = Frontier::Load(store_, n);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->size(), n);
    EXPECT_EQ(ToHex(loaded->Root()), kReferenceRoots[n]) << "size " << n;
  }
}

struct InclusionVector {
  uint64_t index;
  uint64_t size;
  std::vector<std::string> proof;
};

TEST_F(ReferenceTreeTest, InclusionProofsMatchReferenceVectors) {
  const InclusionVector vectors[] = {
      {0, 1, {}},
      {0, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5, 8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1, 5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  for (const InclusionVector& v : vectors) {
    absl::StatusOr<std::vector<std::string>> proof = InclusionProof(store_, v.index, v.size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    std::vector<std::string> hex;
    for (const std::string& h : *proof) hex.push_back(ToHex(h));
    EXPECT_EQ(hex, v.proof) << "leaf " << v.index << " size " << v.size;
    EXPECT_TRUE(VerifyInclusion(v.index, v.size, LeafHash(ReferenceEntries()[v.index]),
                                UnhexAll(v.proof), Unhex(kReferenceRoots[v.size]))
                    .ok());
  }
}

struct ConsistencyVector {
  uint64_t old_size;
  uint64_t new_size;
  std::vector<std::string> proof;
};

TEST_F(ReferenceTreeTest, ConsistencyProofsMatchReferenceVectors) {
  const ConsistencyVector vectors[] = {
      {1, 1, {}},
      {1, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6, 8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  for (const ConsistencyVector& v : vectors) {
    absl::StatusOr<std::vector<std::string>> proof =
        ConsistencyProof(store_, v.old_size, v.new_size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    std::vector<std::string> hex;
    for (const std::string& h : *proof) hex.push_back(ToHex(h));
    EXPECT_EQ(hex, v.proof) << v.old_size << " -> " << v.new_size;
    EXPECT_TRUE(VerifyConsistency(v.old_size, v.new_size, Unhex(kReferenceRoots[v.old_size]),
                                  Unhex(kReferenceRoots[v.new_size]), UnhexAll(v.proof))
                    .ok());
  }
}

// Every proof of every tree up to 40 leaves verifies: all shapes of the RFC's recursion.
TEST(MerkleRoundTripTest, EveryProofOfEverySmallTreeVerifies) {
  const std::vector<std::string> leaves = TestLeaves(40);
  MemoryNodeStore store;
  std::vector<std::string> roots = {EmptyRoot()};
  for (const std::string& leaf : leaves) {
    store.Append(leaf);
    roots.push_back(store.frontier().Root());
  }
  for (uint64_t size = 1; size <= leaves.size(); ++size) {
    ASSERT_EQ(*RootHash(store, size), roots[size]) << size;
    for (uint64_t index = 0; index < size; ++index) {
      absl::StatusOr<std::vector<std::string>> proof = InclusionProof(store, index, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, roots[size]).ok())
          << index << " in " << size;
    }
    for (uint64_t old_size = 0; old_size <= size; ++old_size) {
      absl::StatusOr<std::vector<std::string>> proof = ConsistencyProof(store, old_size, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(VerifyConsistency(old_size, size, roots[old_size], roots[size], *proof).ok())
          << old_size << " -> " << size;
    }
  }
}

// A proof costs O(log n) reads of stored nodes, whatever the shape of the tree.
TEST(MerkleRoundTripTest, ProofsReadLogarithmicallyManyNodes) {
  MemoryNodeStore store;
  for (const std::string& leaf : TestLeaves(1000)) store.Append(leaf);
  for (uint64_t size : {1000u, 999u, 513u, 512u, 77u}) {
    for (uint64_t index : {uint64_t{0}, size / 2, size - 1}) {
      store.reset_reads();
      ASSERT_TRUE(InclusionProof(store, index, size).ok());
      EXPECT_LE(store.reads(), 2 * 10) << index << " in " << size;
      store.reset_reads();
      ASSERT_TRUE(ConsistencyProof(store, index + 1, size).ok());
      EXPECT_LE(store.reads(), 2 * 10) << index + 1 << " -> " << size;
    }
  }
}

TEST(ProofBuilderTest, RefusesImpossibleRanges) {
  MemoryNodeStore store;
  for (const std::string& leaf : TestLeaves(4)) store.Append(leaf);
  EXPECT_EQ(InclusionProof(store, 4, 4).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(InclusionProof(store, 0, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(store, 5, 4).status().code(), absl::StatusCode::kInvalidArgument);
  // A size beyond what is stored reads a missing node.
  EXPECT_EQ(InclusionProof(store, 0, 5).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace fangxin::storage::merkle
