#include "storage/merkle/verify.h"

#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"
#include "storage/merkle/hash.h"

namespace fangxin::storage::merkle {
namespace {

// The inclusion proof of leaf `index` in a tree of `size` has `inner` hashes below the level
// where the paths to `index` and to the last leaf meet, then `border` hashes of the perfect
// subtrees to the left of the right border.
struct ProofShape {
  int inner = 0;
  int border = 0;
};

ProofShape InclusionShape(uint64_t index, uint64_t size) {
  ProofShape shape;
  shape.inner = absl::bit_width(index ^ (size - 1));
  shape.border = absl::popcount(shape.inner >= 64 ? 0 : index >> shape.inner);
  return shape;
}

// Hashes `seed` up through proof[begin, end), the sibling at level i on the side bit i of
// `index` says.
std::string ChainInner(std::string seed, const std::vector<std::string>& proof, size_t begin,
                       size_t end, uint64_t index) {
  for (size_t i = begin; i < end; ++i) {
    seed = ((index >> (i - begin)) & 1) == 0 ? NodeHash(seed, proof[i]) : NodeHash(proof[i], seed);
  }
  return seed;
}

// ChainInner, using only the left siblings: the old tree has nothing to the right of its edge.
std::string ChainInnerRight(std::string seed, const std::vector<std::string>& proof,
                            size_t begin, size_t end, uint64_t index) {
  for (size_t i = begin; i < end; ++i) {
    if (((index >> (i - begin)) & 1) == 1) seed = NodeHash(proof[i], seed);
  }
  return seed;
}

// Every border hash is a left sibling.
std::string ChainBorderRight(std::string seed, const std::vector<std::string>& proof,
                             size_t begin) {
  for (size_t i = begin; i < proof.size(); ++i) seed = NodeHash(proof[i], seed);
  return seed;
}

absl::Status CheckHashSize(absl::string_view what, absl::string_view hash) {
  if (hash.size() == kHashSize) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " is ", hash.size(), " bytes, not ", kHashSize));
}

absl::Status CheckProofHashes(const std::vector<std::string>& proof) {
  for (size_t i = 0; i < proof.size(); ++i) {
    absl::Status s = CheckHashSize(absl::StrCat("proof[", i, "]"), proof[i]);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status WrongLength(absl::string_view what, size_t got, size_t want) {
  return absl::InvalidArgumentError(
      absl::StrCat(what, " has ", got, " hashes; the sizes require ", want));
}

absl::Status Mismatch(absl::string_view what, absl::string_view computed,
                      absl::string_view expected) {
  return absl::DataLossError(absl::StrCat(what, ": computed ", ToHex(computed), ", expected ",
                                          ToHex(expected)));
}

}  // namespace

absl::StatusOr<std::string> RootFromInclusionProof(uint64_t index, uint64_t size,
                                                   absl::string_view leaf_hash,
                                                   const std::vector<std::string>& proof) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf index ", index, " is not below tree size ", size));
  }
  if (absl::Status s = CheckHashSize("leaf hash", leaf_hash); !s.ok()) return s;
  if (absl::Status s = CheckProofHashes(proof); !s.ok()) return s;
  const ProofShape shape = InclusionShape(index, size);
  const size_t want = static_cast<size_t>(shape.inner + shape.border);
  if (proof.size() != want) return WrongLength("inclusion proof", proof.size(), want);
  std::string root = ChainInner(std::string(leaf_hash), proof, 0, shape.inner, index);
  return ChainBorderRight(std::move(root), proof, shape.inner);
}

absl::Status VerifyInclusion(uint64_t index, uint64_t size, absl::string_view leaf_hash,
                             const std::vector<std::string>& proof, absl::string_view root) {
  if (absl::Status s = CheckHashSize("root", root); !s.ok()) return s;
  absl::StatusOr<std::string> computed = RootFromInclusionProof(index, size, leaf_hash, proof);
  if (!computed.ok()) return computed.status();
  if (*computed != root) {
    return Mismatch(absl::StrCat("root of the inclusion proof of leaf ", index, " in tree size ",
                                 size),
                    *computed, root);
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, absl::string_view old_root,
                               absl::string_view new_root,
                               const std::vector<std::string>& proof) {
  if (absl::Status s = CheckHashSize("old root", old_root); !s.ok()) return s;
  if (absl::Status s = CheckHashSize("new root", new_root); !s.ok()) return s;
  if (absl::Status s = CheckProofHashes(proof); !s.ok()) return s;
  if (old_size > new_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("old tree size ", old_size, " is above new tree size ", new_size));
  }
  if (old_size == new_size) {
    if (!proof.empty()) return WrongLength("consistency proof", proof.size(), 0);
    if (old_root != new_root) return Mismatch("root of an unchanged tree", new_root, old_root);
    return absl::OkStatus();
  }
  if (old_size == 0) {
    if (!proof.empty()) return WrongLength("consistency proof", proof.size(), 0);
    return absl::OkStatus();
  }
  // The proof is the inclusion proof of the old tree's last leaf in the new tree, above the
  // level `shift` where the old tree's rightmost perfect subtree sits; that subtree's hash is
  // its first element unless the whole old tree is that subtree (then it is old_root).
  ProofShape shape = InclusionShape(old_size - 1, new_size);
  const int shift = absl::countr_zero(old_size);
  shape.inner -= shift;
  const bool old_is_perfect = old_size == (uint64_t{1} << shift);
  const size_t start = old_is_perfect ? 0 : 1;
  const size_t want = start + static_cast<size_t>(shape.inner + shape.border);
  if (proof.size() != want) return WrongLength("consistency proof", proof.size(), want);
  const std::string seed = old_is_perfect ? std::string(old_root) : proof[0];
  const uint64_t mask = (old_size - 1) >> shift;
  const size_t inner_end = start + static_cast<size_t>(shape.inner);

  std::string old_computed = ChainInnerRight(seed, proof, start, inner_end, mask);
  old_computed = ChainBorderRight(std::move(old_computed), proof, inner_end);
  if (old_computed != old_root) {
    return Mismatch(absl::StrCat("old root (size ", old_size, ") from the consistency proof"),
                    old_computed, old_root);
  }
  std::string new_computed = ChainInner(seed, proof, start, inner_end, mask);
  new_computed = ChainBorderRight(std::move(new_computed), proof, inner_end);
  if (new_computed != new_root) {
    return Mismatch(absl::StrCat("new root (size ", new_size, ") from the consistency proof"),
                    new_computed, new_root);
  }
  return absl::OkStatus();
}

}  // namespace fangxin::storage::merkle
