#include "storage/merkle/audit_leaf.h"

#include <cstdint>

#include "storage/merkle/hash.h"

namespace fangxin::storage::merkle {
namespace {

void PutU32(uint32_t v, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void PutU64(uint64_t v, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

// u32 big-endian length, then the bytes.
void PutBytes(const std::string& bytes, std::string* out) {
  PutU32(static_cast<uint32_t>(bytes.size()), out);
  out->append(bytes);
}

template <typename Repeated>
void PutList(const Repeated& items, std::string* out) {
  PutU32(static_cast<uint32_t>(items.size()), out);
  for (const std::string& item : items) PutBytes(item, out);
}

}  // namespace

void EncodeAuditLeaf(const fangxin::v1::AuditEntry& entry, std::string* out) {
  out->clear();
  out->push_back(kAuditLeafVersion);
  PutU64(static_cast<uint64_t>(entry.revision()), out);
  PutU64(static_cast<uint64_t>(entry.commit_time().seconds()), out);
  PutU32(static_cast<uint32_t>(entry.commit_time().nanos()), out);
  PutBytes(entry.actor(), out);
  PutU32(static_cast<uint32_t>(entry.role()), out);
  PutBytes(entry.method(), out);
  PutList(entry.resources(), out);
  PutBytes(entry.request_id(), out);
  PutBytes(entry.reason(), out);
  PutList(entry.before_digests(), out);
  PutList(entry.after_digests(), out);
}

std::string EncodeAuditLeaf(const fangxin::v1::AuditEntry& entry) {
  std::string out;
  EncodeAuditLeaf(entry, &out);
  return out;
}

std::string AuditLeafHash(const fangxin::v1::AuditEntry& entry) {
  return LeafHash(EncodeAuditLeaf(entry));
}

}  // namespace fangxin::storage::merkle
