#include "storage/merkle/proof_builder.h"

#include "absl/numeric/bits.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/merkle/hash.h"

namespace fangxin::storage::merkle {
namespace {

// MTH(D[begin:end]) for a range the RFC's recursion produces: `begin` is a multiple of the
// largest power of two not above end - begin, so the left part of every split is a perfect,
// stored subtree.
absl::StatusOr<std::string> RangeHash(NodeReader& nodes, uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  if (absl::has_single_bit(n) && begin % n == 0) {
    return nodes.Node(absl::countr_zero(n), begin / n);
  }
  const uint64_t k = SplitPoint(n);
  ASSIGN_OR_RETURN(std::string left, RangeHash(nodes, begin, begin + k));
  ASSIGN_OR_RETURN(std::string right, RangeHash(nodes, begin + k, end));
  return NodeHash(left, right);
}

// PATH(m, D[begin:end]) appended to *proof, deepest sibling first.
absl::Status Path(NodeReader& nodes, uint64_t m, uint64_t begin, uint64_t end,
                  std::vector<std::string>* proof) {
  const uint64_t n = end - begin;
  if (n == 1) return absl::OkStatus();
  const uint64_t k = SplitPoint(n);
  if (m < k) {
    RETURN_IF_ERROR(Path(nodes, m, begin, begin + k, proof));
    ASSIGN_OR_RETURN(std::string sibling, RangeHash(nodes, begin + k, end));
    proof->push_back(std::move(sibling));
  } else {
    RETURN_IF_ERROR(Path(nodes, m - k, begin + k, end, proof));
    ASSIGN_OR_RETURN(std::string sibling, RangeHash(nodes, begin, begin + k));
    proof->push_back(std::move(sibling));
  }
  return absl::OkStatus();
}

// SUBPROOF(m, D[begin:end], whole) appended to *proof.
absl::Status SubProof(NodeReader& nodes, uint64_t m, uint64_t begin, uint64_t end, bool whole,
                      std::vector<std::string>* proof) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (whole) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::string hash, RangeHash(nodes, begin, end));
    proof->push_back(std::move(hash));
    return absl::OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    RETURN_IF_ERROR(SubProof(nodes, m, begin, begin + k, whole, proof));
    ASSIGN_OR_RETURN(std::string right, RangeHash(nodes, begin + k, end));
    proof->push_back(std::move(right));
  } else {
    RETURN_IF_ERROR(SubProof(nodes, m - k, begin + k, end, false, proof));
    ASSIGN_OR_RETURN(std::string left, RangeHash(nodes, begin, begin + k));
    proof->push_back(std::move(left));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> RootHash(NodeReader& nodes, uint64_t size) {
  if (size == 0) return EmptyRoot();
  return RangeHash(nodes, 0, size);
}

absl::StatusOr<std::vector<std::string>> InclusionProof(NodeReader& nodes, uint64_t index,
                                                        uint64_t size) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf index ", index, " is not below tree size ", size));
  }
  std::vector<std::string> proof;
  RETURN_IF_ERROR(Path(nodes, index, 0, size, &proof));
  return proof;
}

absl::StatusOr<std::vector<std::string>> ConsistencyProof(NodeReader& nodes, uint64_t old_size,
                                                          uint64_t new_size) {
  if (old_size > new_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("old tree size ", old_size, " is above new tree size ", new_size));
  }
  std::vector<std::string> proof;
  if (old_size == 0) return proof;
  RETURN_IF_ERROR(SubProof(nodes, old_size, 0, new_size, true, &proof));
  return proof;
}

}  // namespace fangxin::storage::merkle
