#ifndef FANGXIN_STORAGE_MERKLE_CHECKPOINT_H_
#define FANGXIN_STORAGE_MERKLE_CHECKPOINT_H_

// The signed text of an audit checkpoint (docs/audit-format.md) and its Ed25519 check:
//
//   fangxin-audit-checkpoint/v1\n
//   <origin>\n
//   <tree size, decimal>\n
//   <root hash, standard base64>\n
//   <time, unix seconds, decimal>\n
//
// One line per field, so no field can run into another, and readable in a terminal.
// Pure functions; thread-safe.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace fangxin::storage::merkle {

inline constexpr absl::string_view kCheckpointHeader = "fangxin-audit-checkpoint/v1";
inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

std::string CheckpointText(absl::string_view origin, int64_t tree_size,
                           absl::string_view root_hash, int64_t unix_seconds);

// OK iff `signature` is `public_key`'s Ed25519 signature of `text`. INVALID_ARGUMENT for a
// key or signature of the wrong size; DATA_LOSS ("signature does not verify") otherwise.
absl::Status VerifyEd25519(absl::string_view public_key, absl::string_view text,
                           absl::string_view signature);

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_STORAGE_MERKLE_CHECKPOINT_H_
