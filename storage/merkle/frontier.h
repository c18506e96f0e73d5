#ifndef FANGXIN_STORAGE_MERKLE_FRONTIER_H_
#define FANGXIN_STORAGE_MERKLE_FRONTIER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/merkle/node_reader.h"

namespace fangxin::storage::merkle {

// The right edge of an append-only RFC 6962 tree: the roots of the perfect subtrees that its
// leaves decompose into (one per set bit of the size, largest first). That is all an append
// needs, and the root is their right-to-left fold, so neither touches storage.
//
// A value type; not thread-safe (the committer thread owns its copy).
class Frontier {
 public:
  // Called for every node an append completes, leaf first: (level, index, hash) as in
  // NodeReader.
  using NodeSink = std::function<void(int level, uint64_t index, const std::string& hash)>;

  // The empty tree.
  Frontier() = default;

  // The frontier of the tree of `size` leaves whose complete subtrees `nodes` holds: one read
  // per set bit of `size`. NOT_FOUND if one of them is not stored.
  static absl::StatusOr<Frontier> Load(NodeReader& nodes, uint64_t size);

  // Appends the leaf with hash `leaf_hash` and reports the nodes it completes to `sink`.
  void Append(const std::string& leaf_hash, const NodeSink& sink);

  uint64_t size() const { return size_; }

  // MTH of the tree: EmptyRoot() when empty.
  std::string Root() const;

 private:
  uint64_t size_ = 0;
  // Roots of the perfect subtrees, the largest (leftmost) first.
  std::vector<std::string> edge_;
};

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_STORAGE_MERKLE_FRONTIER_H_
