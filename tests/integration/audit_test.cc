// AuditService through a real server: signed checkpoints that verify, proofs, histories,
// who may read what, the verifier end to end and `fangxinctl audit verify`.

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/audit_verifier.h"
#include "clients/cli/cli.h"
#include "clients/sdk/audit_client.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "google/protobuf/field_mask.pb.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

// A fresh Ed25519 private key in PEM, as `openssl genpkey -algorithm ed25519` writes it.
std::string NewSigningKeyPem() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  EXPECT_NE(key, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

class AuditTest : public ServerTest {
 protected:
  void ConfigureServer(Server::Options* options) override {
    key_path_ = dir_.path() + "/audit-signing.pem";  // Outside the data dir.
    std::ofstream(key_path_) << NewSigningKeyPem();
    options->audit_signing_key_file = key_path_;
  }

  cli::AuditVerifyOptions NoChecks() { return {}; }

  sdk::AuditClient AuditClientWithToken(const std::string& token) {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = token;
    auto connection = sdk::MakeAuditConnection(options);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return sdk::AuditClient(*connection);
  }

  // A merchant and a store, the store renamed once: four commits after the bootstrap.
  std::string MakeHistory() {
    EXPECT_TRUE(admin_->CreateMerchant(NewMerchant(7)).ok());
    auto store = admin_->CreateStore(absl::StrCat("merchants/", Uscc(7)), NewStore("放心超市"));
    EXPECT_TRUE(store.ok()) << store.status();
    v1::Store change = *store;
    change.set_display_name("放心超市(旗舰店)");
    google::protobuf::FieldMask mask;
    mask.add_paths("display_name");
    EXPECT_TRUE(admin_->UpdateStore(change, mask).ok());
    return store->name();
  }

  std::string key_path_;
};

TEST_F(AuditTest, CheckpointIsSignedAndCoversEveryRevision) {
  MakeHistory();
  sdk::AuditClient audit = AuditClientWithToken(admin_token_);
  absl::StatusOr<cli::AuditVerifyResult> verified = cli::VerifyAudit(audit, NoChecks());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->checkpoint.tree_size(), server_->registry()->CurrentRevision());
  EXPECT_EQ(verified->checkpoint.origin(), "fangxin.yancheng/audit");
  EXPECT_EQ(verified->checkpoint.public_key().size(), 32u);
}

TEST_F(AuditTest, VerifierChecksConsistencyEntriesResourcesAndTheFullRoot) {
  const std::string store = MakeHistory();
  sdk::AuditClient audit = AuditClientWithToken(admin_token_);
  absl::StatusOr<cli::AuditVerifyResult> first = cli::VerifyAudit(audit, NoChecks());
  ASSERT_TRUE(first.ok()) << first.status();

  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(8)).ok());
  cli::AuditVerifyOptions options;
  options.previous = first->checkpoint;
  options.leaf_indexes = {0, first->checkpoint.tree_size()};
  options.resources = {store, absl::StrCat("merchants/", Uscc(7))};
  options.full = true;
  absl::StatusOr<cli::AuditVerifyResult> second = cli::VerifyAudit(audit, options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->checkpoint.tree_size(), first->checkpoint.tree_size() + 1);
  // Signature, consistency, two entries, two resources, the full root.
  EXPECT_EQ(second->passed.size(), 7u);
}

TEST_F(AuditTest, VerifierRefusesAnotherKeyAndAShrunkLog) {
  MakeHistory();
  sdk::AuditClient audit = AuditClientWithToken(admin_token_);
  cli::AuditVerifyOptions pinned;
  pinned.pinned_public_key = std::string(32, 'k');
  EXPECT_EQ(cli::VerifyAudit(audit, pinned).status().code(),
            absl::StatusCode::kFailedPrecondition);

  absl::StatusOr<cli::AuditVerifyResult> now = cli::VerifyAudit(audit, NoChecks());
  ASSERT_TRUE(now.ok());
  cli::AuditVerifyOptions from_the_future;
  from_the_future.previous = now->checkpoint;
  from_the_future.previous->set_tree_size(now->checkpoint.tree_size() + 5);
  EXPECT_EQ(cli::VerifyAudit(audit, from_the_future).status().code(),
            absl::StatusCode::kFailedPrecondition);

  // A saved checkpoint with another root at the same size: the log was rewritten.
  cli::AuditVerifyOptions forked;
  forked.previous = now->checkpoint;
  forked.previous->set_root_hash(std::string(32, 'r'));
  EXPECT_EQ(cli::VerifyAudit(audit, forked).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(AuditTest, HistoryListsEveryChangeWithMethodAndActor) {
  const std::string store = MakeHistory();
  sdk::AuditClient audit = AuditClientWithToken(admin_token_);
  absl::StatusOr<v1::ListResourceHistoryResponse> history = audit.ResourceHistory(store);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->entries_size(), 2);
  EXPECT_TRUE(absl::EndsWith(history->entries(0).method(), "/CreateStore"));
  EXPECT_TRUE(absl::EndsWith(history->entries(1).method(), "/UpdateStore"));
  EXPECT_TRUE(absl::StartsWith(history->entries(1).actor(), "apiKeys/"));
  EXPECT_EQ(history->resource().type_url(), "type.googleapis.com/fangxin.v1.Store");

  // Paging through the raw RPC: one entry per page, the resource only with the last.
  v1::ListResourceHistoryRequest request;
  request.set_name(store);
  request.set_page_size(1);
  auto page = audit.connection()->ListResourceHistory(request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->entries_size(), 1);
  EXPECT_FALSE(page->next_page_token().empty());
  EXPECT_FALSE(page->has_resource());
  request.set_page_token(page->next_page_token());
  page = audit.connection()->ListResourceHistory(request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->entries(0).revision(), history->entries(1).revision());
  EXPECT_TRUE(page->next_page_token().empty());
  EXPECT_TRUE(page->has_resource());

  EXPECT_EQ(audit.ResourceHistory("merchants/" + Uscc(99) + "/stores/none").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(AuditTest, EveryRoleMayVerifyButOnlyAdminsAndRegulatorsReadEntries) {
  MakeHistory();
  v1::ApiKey key;
  key.set_display_name("public verifier");
  key.set_role(v1::ROLE_PUBLIC);
  auto created = admin_->CreateKey(key);
  ASSERT_TRUE(created.ok());
  sdk::AuditClient public_audit = AuditClientWithToken(created->token());
  EXPECT_TRUE(public_audit.GetCheckpoint().ok());
  EXPECT_TRUE(public_audit.GetInclusionProof(0, 1).ok());
  EXPECT_TRUE(public_audit.GetConsistencyProof(1, 2).ok());
  absl::Status denied = public_audit.GetEntries(0, 1).status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReasonOf(denied), "ROLE_NOT_ALLOWED");

  key.set_role(v1::ROLE_REGULATOR);
  created = admin_->CreateKey(key);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(AuditClientWithToken(created->token()).GetEntries(0, 3).ok());
}

TEST_F(AuditTest, RefusesBadRangesWithTheFieldsNamed) {
  MakeHistory();
  sdk::AuditClient audit = AuditClientWithToken(admin_token_);
  absl::Status bad = audit.GetEntries(-1, 0).status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(bad)) fields.insert(v.field);
  EXPECT_EQ(fields, (std::set<std::string>{"start_index", "count"}));
  EXPECT_EQ(audit.GetEntries(1000, 1).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(audit.GetInclusionProof(0, 1000).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(audit.GetInclusionProof(3, 3).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(audit.GetConsistencyProof(3, 2).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AuditTest, CliVerifySavesTheCheckpointAndPrintsTheVerdict) {
  const std::string store = MakeHistory();
  const std::string state = dir_.path() + "/checkpoint.txt";
  const std::vector<std::string> args = {
      "audit",   "verify", "--server", absl::StrCat("127.0.0.1:", server_->port()),
      "--token", admin_token_, "--state", state, "--full", "--resource", store};
  std::ostringstream out, err;
  EXPECT_EQ(cli::RunCli(args, out, err), 0) << out.str() << err.str();
  EXPECT_TRUE(absl::StrContains(out.str(), "VERIFIED")) << out.str();
  auto saved = cli::LoadCheckpoint(state);
  ASSERT_TRUE(saved.ok() && saved->has_value());

  // Second run: consistency with the saved checkpoint.
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(9)).ok());
  std::ostringstream out2, err2;
  EXPECT_EQ(cli::RunCli(args, out2, err2), 0) << out2.str() << err2.str();
  EXPECT_TRUE(absl::StrContains(out2.str(), "consistent with the saved checkpoint"))
      << out2.str();

  std::ostringstream history, herr;
  EXPECT_EQ(cli::RunCli({"audit", "history", store, "--server",
                         absl::StrCat("127.0.0.1:", server_->port()), "--token", admin_token_},
                        history, herr),
            0)
      << herr.str();
  EXPECT_TRUE(absl::StrContains(history.str(), "UpdateStore")) << history.str();
}

}  // namespace
}  // namespace fangxin::testing
