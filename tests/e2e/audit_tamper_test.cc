// Someone with the server's disk rewrites history: first an audit entry, then (with the entry
// restored) a stored resource, each directly in the RocksDB files while fangxind is stopped.
// The verifier, holding the checkpoint it verified before, detects each: the changed entry by
// the full recomputation of the root (and by its inclusion proof), the changed resource by its
// last audited after-digest. Neither can be covered up without the signing key, which lives
// outside the data directory.

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/audit_verifier.h"
#include "clients/sdk/audit_client.h"
#include "clients/sdk/client.h"
#include "fangxin/v1/audit.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "services/common/uscc.h"
#include "storage/keys.h"
#include "storage/resource_meta.h"
#include "tests/testing/fangxind_process.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {
namespace {

void WriteSigningKey(const std::string& path) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  ASSERT_NE(key, nullptr);
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  EVP_PKEY_free(key);
}

// Opens the stopped server's RocksDB, applies `change` to the value under `key`, closes it.
// Returns the value as it was.
template <typename Change>
std::string RewriteOnDisk(const std::string& data_dir, const std::string& key, Change change) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Options options;
  rocksdb::Status s = rocksdb::DB::Open(options, data_dir + "/registry", &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value;
  s = db->Get(rocksdb::ReadOptions(), key, &value);
  EXPECT_TRUE(s.ok()) << key << ": " << s.ToString();
  std::string changed = change(value);
  EXPECT_TRUE(db->Put(rocksdb::WriteOptions(), key, changed).ok());
  EXPECT_TRUE(db->Close().ok());
  return value;
}

class AuditTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_path_ = dir_.path() + "/audit-signing.pem";
    WriteSigningKey(key_path_);
    server_ = std::make_unique<FangxindProcess>(
        dir_.path() + "/data",
        std::vector<std::string>{absl::StrCat("--audit_signing_key=", key_path_)});
    ASSERT_TRUE(server_->Start().ok());
  }

  sdk::ClientOptions Options() const {
    sdk::ClientOptions options;
    options.endpoint = server_->endpoint();
    options.token = server_->admin_token();
    options.max_attempts = 3;
    return options;
  }

  absl::StatusOr<cli::AuditVerifyResult> Verify(const cli::AuditVerifyOptions& options) {
    sdk::AuditClient audit(*sdk::MakeAuditConnection(Options()));
    return cli::VerifyAudit(audit, options);
  }

  TempDir dir_;
  std::string key_path_;
  std::unique_ptr<FangxindProcess> server_;
};

TEST_F(AuditTamperTest, VerifyDetectsARewrittenEntryAndARewrittenResource) {
  sdk::Client admin(*sdk::MakeConnection(Options()));
  const std::string first17 = "913209020000004242";
  v1::Merchant merchant;
  merchant.set_uscc(first17.substr(0, 17) + *UsccCheckCharacter(first17.substr(0, 17)));
  merchant.set_legal_name("盐城市亭湖区篡改测试商行");
  merchant.set_division("divisions/320902");
  ASSERT_TRUE(admin.CreateMerchant(merchant).ok());
  v1::Store store;
  store.set_display_name("放心超市");
  store.set_address("盐城市亭湖区解放南路1号");
  store.set_division("divisions/320902");
  store.set_township("divisions/320902001");
  store.mutable_location()->set_latitude(33.3853);
  store.mutable_location()->set_longitude(120.1310);
  store.set_industry("retail");
  auto created = admin.CreateStore(absl::StrCat("merchants/", merchant.uscc()), store);
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string name = created->name();
  const int64_t create_revision = created->create_revision();

  // The regulator verifies and keeps the checkpoint.
  cli::AuditVerifyOptions everything;
  everything.resources = {name};
  everything.full = true;
  absl::StatusOr<cli::AuditVerifyResult> before = Verify(everything);
  ASSERT_TRUE(before.ok()) << before.status();
  everything.previous = before->checkpoint;

  // 1. Rewrite the audit entry of the store's creation: who did it, and why.
  ASSERT_EQ(server_->Stop(), 0);
  const std::string audit_key = storage::keys::Audit(create_revision);
  const std::string original_entry =
      RewriteOnDisk(server_->data_dir(), audit_key, [](const std::string& value) {
        v1::AuditEntry entry;
        EXPECT_TRUE(entry.ParseFromString(value));
        entry.set_actor("apiKeys/someone-else");
        entry.set_reason("rewritten");
        std::string out;
        storage::SerializeDeterministic(entry, &out);
        return out;
      });
  ASSERT_TRUE(server_->Start().ok());
  absl::StatusOr<cli::AuditVerifyResult> after_entry = Verify(everything);
  EXPECT_EQ(after_entry.status().code(), absl::StatusCode::kDataLoss) << after_entry.status();
  // Each check on its own finds it too: the signed tree still has the true leaf.
  cli::AuditVerifyOptions full_only;
  full_only.previous = before->checkpoint;
  full_only.full = true;
  absl::Status full = Verify(full_only).status();
  EXPECT_EQ(full.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(full.message(), "recomputed")) << full;
  cli::AuditVerifyOptions inclusion_only;
  inclusion_only.leaf_indexes = {create_revision - 1};
  EXPECT_EQ(Verify(inclusion_only).status().code(), absl::StatusCode::kDataLoss);

  // 2. Restore the entry; rewrite the stored store instead.
  ASSERT_EQ(server_->Stop(), 0);
  RewriteOnDisk(server_->data_dir(), audit_key,
                [&](const std::string&) { return original_entry; });
  RewriteOnDisk(server_->data_dir(), storage::keys::Resource("stores", name),
                [](const std::string& value) {
                  v1::Store stored;
                  EXPECT_TRUE(stored.ParseFromString(value));
                  stored.set_display_name("从未通过审核的门店");
                  std::string out;
                  storage::SerializeDeterministic(stored, &out);
                  return out;
                });
  ASSERT_TRUE(server_->Start().ok());
  // The log itself is intact again...
  EXPECT_TRUE(Verify(full_only).ok());
  // ...but the resource no longer matches its last audited change.
  cli::AuditVerifyOptions resource_only;
  resource_only.previous = before->checkpoint;
  resource_only.resources = {name};
  absl::Status resource = Verify(resource_only).status();
  EXPECT_EQ(resource.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(resource.message(), "outside the commit path")) << resource;
}

}  // namespace
}  // namespace fangxin::testing
