#ifndef FANGXIN_STORAGE_MERKLE_PROOF_BUILDER_H_
#define FANGXIN_STORAGE_MERKLE_PROOF_BUILDER_H_

// Root hashes and proofs of an RFC 6962 tree (sections 2.1, 2.1.1, 2.1.2) from its stored
// complete subtrees. Each result costs O(log n) NodeReader reads: every range the RFC's
// recursion needs is either one perfect subtree (one read) or the right edge of the tree, which
// splits into at most log2(n) perfect subtrees.
//
// Pure functions of the reader; as thread-safe as the reader.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/merkle/node_reader.h"

namespace fangxin::storage::merkle {

// MTH(D[0:size]). EmptyRoot() for size 0.
absl::StatusOr<std::string> RootHash(NodeReader& nodes, uint64_t size);

// PATH(index, D[0:size]): the audit path of leaf `index`, leaf side first.
// INVALID_ARGUMENT unless index < size.
absl::StatusOr<std::vector<std::string>> InclusionProof(NodeReader& nodes, uint64_t index,
                                                        uint64_t size);

// PROOF(old_size, D[0:new_size]). Empty when old_size is 0 or equals new_size.
// INVALID_ARGUMENT unless old_size <= new_size.
absl::StatusOr<std::vector<std::string>> ConsistencyProof(NodeReader& nodes, uint64_t old_size,
                                                          uint64_t new_size);

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_STORAGE_MERKLE_PROOF_BUILDER_H_
