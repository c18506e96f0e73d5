#ifndef FANGXIN_STORAGE_MERKLE_HASH_H_
#define FANGXIN_STORAGE_MERKLE_HASH_H_

// RFC 6962 (section 2.1) hashing. Every hash is 32 raw bytes in a std::string.
// Pure functions; thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace fangxin::storage::merkle {

inline constexpr size_t kHashSize = 32;

// SHA-256(0x00 || entry): the hash of one leaf.
std::string LeafHash(absl::string_view entry);

// SHA-256(0x01 || left || right): the hash of an interior node.
std::string NodeHash(absl::string_view left, absl::string_view right);

// SHA-256 of the empty string: the root of a tree with no leaves.
std::string EmptyRoot();

// The largest power of two strictly less than n (n >= 2): where RFC 6962 splits a tree of n
// leaves into its left and right subtrees.
uint64_t SplitPoint(uint64_t n);

// Lower-case hex of `bytes`, for messages and the CLI.
std::string ToHex(absl::string_view bytes);

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_STORAGE_MERKLE_HASH_H_
