#ifndef FANGXIN_STORAGE_MERKLE_NODE_READER_H_
#define FANGXIN_STORAGE_MERKLE_NODE_READER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace fangxin::storage::merkle {

// Read access to the hashes of complete subtrees. The node at (level, index) is the root of the
// perfect subtree over leaves [index * 2^level, (index + 1) * 2^level); level 0 holds the leaf
// hashes. Such a node never changes once its last leaf exists, which is what lets it be stored
// as it is completed and read back by any later proof.
//
// Implementations say whether they are thread-safe.
class NodeReader {
 public:
  virtual ~NodeReader() = default;

  // The node's 32-byte hash. NOT_FOUND if it is not stored (its subtree is incomplete, or the
  // store lost it); DATA_LOSS if the stored value is not 32 bytes.
  virtual absl::StatusOr<std::string> Node(int level, uint64_t index) = 0;
};

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_STORAGE_MERKLE_NODE_READER_H_
