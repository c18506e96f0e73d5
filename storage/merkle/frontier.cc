#include "storage/merkle/frontier.h"

#include <utility>

#include "storage/merkle/hash.h"

namespace fangxin::storage::merkle {

absl::StatusOr<Frontier> Frontier::Load(NodeReader& nodes, uint64_t size) {
  Frontier frontier;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    absl::StatusOr<std::string> hash = nodes.Node(level, begin >> level);
    if (!hash.ok()) return hash.status();
    frontier.edge_.push_back(*std::move(hash));
    begin += width;
  }
  frontier.size_ = size;
  return frontier;
}

void Frontier::Append(const std::string& leaf_hash, const NodeSink& sink) {
  std::string hash = leaf_hash;
  uint64_t index = size_;
  int level = 0;
  sink(level, index, hash);
  // An odd index means a left sibling of the same level ends the edge: merge with it.
  while ((index & 1) == 1) {
    hash = NodeHash(edge_.back(), hash);
    edge_.pop_back();
    index >>= 1;
    ++level;
    sink(level, index, hash);
  }
  edge_.push_back(std::move(hash));
  ++size_;
}

std::string Frontier::Root() const {
  if (edge_.empty()) return EmptyRoot();
  std::string root = edge_.back();
  for (size_t i = edge_.size() - 1; i-- > 0;) root = NodeHash(edge_[i], root);
  return root;
}

}  // namespace fangxin::storage::merkle
