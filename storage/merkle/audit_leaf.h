#ifndef FANGXIN_STORAGE_MERKLE_AUDIT_LEAF_H_
#define FANGXIN_STORAGE_MERKLE_AUDIT_LEAF_H_

// The bytes of an audit entry that the Merkle tree hashes (docs/audit-format.md). Protobuf
// serialization is not canonical across implementations and versions, so a verifier written
// from the document alone could not reproduce it; this layout is fixed, field by field.
//
// Pure functions; thread-safe.

#include <string>

#include "absl/status/status.h"
#include "fangxin/v1/audit.pb.h"

namespace fangxin::storage::merkle {

// Version byte at the start of every leaf, so the layout can change without ambiguity.
inline constexpr char kAuditLeafVersion = 1;

// The leaf bytes of `entry`. `out` is cleared first (the committer reuses it).
void EncodeAuditLeaf(const fangxin::v1::AuditEntry& entry, std::string* out);
std::string EncodeAuditLeaf(const fangxin::v1::AuditEntry& entry);

// LeafHash(EncodeAuditLeaf(entry)).
std::string AuditLeafHash(const fangxin::v1::AuditEntry& entry);

}  // namespace fangxin::storage::merkle

#endif  // FANGXIN_STORAGE_MERKLE_AUDIT_LEAF_H_
