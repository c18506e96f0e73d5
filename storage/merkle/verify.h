#ifndef FANGXIN_STORAGE_MERKLE_VERIFY_H_
#define FANGXIN_STORAGE_MERKLE_VERIFY_H_

// Verification of RFC 6962 inclusion and consistency proofs (the algorithms of RFC 9162
// sections 2.1.3.2 and 2.1.4.2, in the form transparency-dev/merkle uses). The expected proof
// length is derived from the sizes, so a truncated or extended proof is refused before any
// hashing.
//
// Errors: INVALID_ARGUMENT when the inputs cannot describe a valid proof (index not below size,
// sizes out of order, a hash not 32 bytes, a proof of the wrong length); DATA_LOSS when the
// proof is well-formed but the hashes do not match, i.e. the log or the proof was altered.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fangxin::storage::merkle {

// The root that `proof` implies for leaf `index` with hash `leaf_hash` in a tree of `size`.
absl::StatusOr<std::string> RootFromInclusionProof(uint64_t index, uint64_t size,
                                                   absl::string_view leaf_hash,
                                                   const std::vector<std::string>& proof);

// OK iff `proof` shows leaf `index` with hash `leaf_hash` is in the tree of `size` with `root`.
absl::Status VerifyInclusion(uint64_t index, uint64_t size, absl::string_view leaf_hash,
                             const std::vector<std::string>& proof, absl::string_view root);

// OK iff `proof` shows the tree of `old_size` with `old_root` is a prefix of the tree of
// `new_size` with `new_root`. Equal sizes need an empty proof and equal roots; old size 0 needs
// an empty proof (the empty tree is a prefix of every tree).
absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, absl::string_view old_root,
                               absl::string_view new_root,
                               const std::vector<std::string>& proof);

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_STORAGE_MERKLE_VERIFY_H_
