// The canonical leaf layout of an audit entry (docs/audit-format.md): exact bytes for a known
// entry, and every field changes the leaf.

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "storage/merkle/audit_leaf.h"
#include "storage/merkle/hash.h"

namespace fangxin::storage::merkle {
namespace {

fangxin::v1::AuditEntry KnownEntry() {
  fangxin::v1::AuditEntry entry;
  entry.set_revision(258);
  entry.mutable_commit_time()->set_seconds(1700000000);
  entry.mutable_commit_time()->set_nanos(5);
  entry.set_actor("apiKeys/k1");
  entry.set_role(static_cast<fangxin::v1::Role>(2));
  entry.set_method("/m");
  entry.add_resources("a/b");
  entry.set_request_id("r");
  entry.set_reason("");
  entry.add_before_digests(std::string(2, '\0'));
  entry.add_after_digests("\xab");
  return entry;
}

TEST(AuditLeafTest, KnownEntryHasTheDocumentedBytes) {
  const std::string expected = absl::HexStringToBytes(
      "01"                                  // layout version
      "0000000000000102"                    // revision 258
      "000000006553f100" "00000005"         // commit time: seconds, nanos
      "0000000a" "617069" "4b6579732f6b31"  // actor "apiKeys/k1"
      "00000002"                            // role 2
      "00000002" "2f6d"                     // method "/m"
      "00000001" "00000003" "612f62"        // resources ["a/b"]
      "00000001" "72"                       // request id "r"
      "00000000"                            // reason ""
      "00000001" "00000002" "0000"          // before digests
      "00000001" "00000001" "ab");          // after digests
  EXPECT_EQ(ToHex(EncodeAuditLeaf(KnownEntry())), ToHex(expected));
  EXPECT_EQ(AuditLeafHash(KnownEntry()), LeafHash(expected));
}

TEST(AuditLeafTest, EveryFieldChangesTheLeaf) {
  using fangxin::v1::AuditEntry;
  const std::vector<std::function<void(AuditEntry*)>> changes = {
      [](AuditEntry* e) { e->set_revision(259); },
      [](AuditEntry* e) { e->mutable_commit_time()->set_seconds(1700000001); },
      [](AuditEntry* e) { e->mutable_commit_time()->set_nanos(6); },
      [](AuditEntry* e) { e->set_actor("apiKeys/k2"); },
      [](AuditEntry* e) { e->set_role(static_cast<fangxin::v1::Role>(3)); },
      [](AuditEntry* e) { e->set_method("/n"); },
      [](AuditEntry* e) { e->set_resources(0, "a/c"); },
      [](AuditEntry* e) { e->add_resources("x"); },
      [](AuditEntry* e) { e->set_request_id("s"); },
      [](AuditEntry* e) { e->set_reason("why"); },
      [](AuditEntry* e) { e->set_before_digests(0, std::string(2, '\1')); },
      [](AuditEntry* e) { e->set_after_digests(0, "\xac"); },
      // Moving bytes between adjacent fields must not give the same leaf.
      [](AuditEntry* e) {
        e->set_request_id("");
        e->set_reason("r");
      },
  };
  const std::string original = AuditLeafHash(KnownEntry());
  for (size_t i = 0; i < changes.size(); ++i) {
    AuditEntry changed = KnownEntry();
    changes[i](&changed);
    EXPECT_NE(AuditLeafHash(changed), original) << "change " << i;
  }
}

}  // namespace
}  // namespace fangxin::storage::merkle
