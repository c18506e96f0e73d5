#ifndef FANGXIN_TESTS_UNIT_AUDIT_MEMORY_NODE_STORE_H_
#define FANGXIN_TESTS_UNIT_AUDIT_MEMORY_NODE_STORE_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/merkle/frontier.h"
#include "storage/merkle/hash.h"
#include "storage/merkle/node_reader.h"

namespace fangxin::storage::merkle {

// A tree kept in memory the way the registry keeps it on disk: every complete node the frontier
// reports, by (level, index). Counts reads so tests can bound a proof's cost. Not thread-safe.
class MemoryNodeStore final : public NodeReader {
 public:
  void Append(const std::string& leaf_hash) {
    frontier_.Append(leaf_hash, [this](int level, uint64_t index, const std::string& hash) {
      nodes_[{level, index}] = hash;
    });
  }

  absl::StatusOr<std::string> Node(int level, uint64_t index) override {
    ++reads_;
    auto it = nodes_.find({level, index});
    if (it == nodes_.end()) {
      return absl::NotFoundError(absl::StrCat("no node ", level, "/", index));
    }
    return it->second;
  }

  const Frontier& frontier() const { return frontier_; }
  int reads() const { return reads_; }
  void reset_reads() { reads_ = 0; }

 private:
  Frontier frontier_;
  std::map<std::pair<int, uint64_t>, std::string> nodes_;
  int reads_ = 0;
};

// Leaf hashes of `n` distinct entries.
inline std::vector<std::string> TestLeaves(int n) {
  std::vector<std::string> leaves;
  for (int i = 0; i < n; ++i) leaves.push_back(LeafHash(absl::StrCat("entry ", i)));
  return leaves;
}

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_TESTS_UNIT_AUDIT_MEMORY_NODE_STORE_H_
