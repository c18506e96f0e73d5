#include "clients/cli/audit_verifier.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "google/protobuf/text_format.h"
#include "storage/merkle/audit_leaf.h"
#include "storage/merkle/checkpoint.h"
#include "storage/merkle/frontier.h"
#include "storage/merkle/hash.h"
#include "storage/merkle/verify.h"

namespace fangxin::cli {
namespace {

namespace merkle = storage::merkle;

constexpr int kEntriesPerCall = 1000;
const std::string kAbsentDigest(32, '\0');

std::vector<std::string> Hashes(const google::protobuf::RepeatedPtrField<std::string>& in) {
  return {in.begin(), in.end()};
}

absl::Status VerifySignature(const v1::Checkpoint& cp) {
  return merkle::VerifyEd25519(
      cp.public_key(),
      merkle::CheckpointText(cp.origin(), cp.tree_size(), cp.root_hash(), cp.time().seconds()),
      cp.signature());
}

// Proves that `entry` is leaf revision - 1 of the checkpoint's tree.
absl::Status VerifyEntryIncluded(sdk::AuditClient& client, const v1::Checkpoint& cp,
                                 const v1::AuditEntry& entry) {
  const int64_t index = entry.revision() - 1;
  ASSIGN_OR_RETURN(v1::InclusionProof proof, client.GetInclusionProof(index, cp.tree_size()));
  absl::Status s = merkle::VerifyInclusion(index, cp.tree_size(), merkle::AuditLeafHash(entry),
                                           Hashes(proof.hashes()), cp.root_hash());
  if (!s.ok()) {
    return absl::DataLossError(
        absl::StrCat("audit entry of revision ", entry.revision(), " is not in the signed tree: ",
                     s.message()));
  }
  return absl::OkStatus();
}

absl::Status VerifyResource(sdk::AuditClient& client, const v1::Checkpoint& cp,
                            const std::string& name, std::vector<std::string>* passed) {
  ASSIGN_OR_RETURN(v1::ListResourceHistoryResponse history, client.ResourceHistory(name));
  std::string expected_before = kAbsentDigest;
  for (const v1::AuditEntry& entry : history.entries()) {
    if (entry.revision() > cp.tree_size()) {
      return absl::FailedPreconditionError(absl::StrCat(
          name, " changed after the checkpoint (revision ", entry.revision(), "); run again"));
    }
    RETURN_IF_ERROR(VerifyEntryIncluded(client, cp, entry));
    int position = -1;
    for (int i = 0; i < entry.resources_size(); ++i) {
      if (entry.resources(i) == name) position = i;
    }
    if (position < 0 || position >= entry.before_digests_size() ||
        position >= entry.after_digests_size()) {
      return absl::DataLossError(absl::StrCat("audit entry of revision ", entry.revision(),
                                              " is listed in ", name,
                                              "'s history but does not name it"));
    }
    if (entry.before_digests(position) != expected_before) {
      return absl::DataLossError(absl::StrCat(
          name, ": the before-digest at revision ", entry.revision(),
          " does not continue from the previous change: history is missing or rewritten"));
    }
    expected_before = entry.after_digests(position);
  }
  if (history.entries().empty()) {
    return absl::NotFoundError(absl::StrCat(name, " has no history"));
  }
  const std::string stored_digest =
      history.has_resource() ? Sha256(history.resource().value()) : kAbsentDigest;
  if (stored_digest != expected_before) {
    return absl::DataLossError(absl::StrCat(
        name, ": the stored resource (SHA-256 ", merkle::ToHex(stored_digest),
        ") is not what its last audited change wrote (", merkle::ToHex(expected_before),
        "): it was changed outside the commit path"));
  }
  passed->push_back(absl::StrCat(name, ": ", history.entries_size(),
                                 " changes, each in the signed tree; stored bytes match the "
                                 "last one"));
  return absl::OkStatus();
}

absl::Status VerifyFull(sdk::AuditClient& client, const v1::Checkpoint& cp,
                        std::vector<std::string>* passed) {
  merkle::Frontier frontier;
  const auto ignore = [](int, uint64_t, const std::string&) {};
  while (static_cast<int64_t>(frontier.size()) < cp.tree_size()) {
    const int64_t start = static_cast<int64_t>(frontier.size());
    const int count = static_cast<int>(std::min<int64_t>(kEntriesPerCall, cp.tree_size() - start));
    ASSIGN_OR_RETURN(v1::GetEntriesResponse page, client.GetEntries(start, count));
    if (page.entries().empty()) {
      return absl::DataLossError(absl::StrCat("the server returned no entry at index ", start));
    }
    for (const v1::AuditEntry& entry : page.entries()) {
      const int64_t index = static_cast<int64_t>(frontier.size());
      if (index >= cp.tree_size()) break;
      if (entry.revision() != index + 1) {
        return absl::DataLossError(absl::StrCat("entry at index ", index, " has revision ",
                                                entry.revision(), ", not ", index + 1));
      }
      frontier.Append(merkle::AuditLeafHash(entry), ignore);
    }
  }
  const std::string root = frontier.Root();
  if (root != cp.root_hash()) {
    return absl::DataLossError(absl::StrCat(
        "the root recomputed from all ", cp.tree_size(), " entries is ", merkle::ToHex(root),
        ", the signed root is ", merkle::ToHex(cp.root_hash()),
        ": some stored entry was changed"));
  }
  passed->push_back(
      absl::StrCat("root recomputed from all ", cp.tree_size(), " entries matches"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AuditVerifyResult> VerifyAudit(sdk::AuditClient& client,
                                              const AuditVerifyOptions& options) {
  AuditVerifyResult result;
  ASSIGN_OR_RETURN(result.checkpoint, client.GetCheckpoint());
  const v1::Checkpoint& cp = result.checkpoint;
  std::vector<std::string>& passed = result.passed;

  const std::string& expected_key = !options.pinned_public_key.empty() ? options.pinned_public_key
                                    : options.previous ? options.previous->public_key()
                                                       : cp.public_key();
  if (cp.public_key() != expected_key) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the checkpoint is signed by key ", merkle::ToHex(cp.public_key()), ", expected ",
        merkle::ToHex(expected_key)));
  }
  if (absl::Status s = VerifySignature(cp); !s.ok()) {
    return absl::DataLossError(absl::StrCat("checkpoint signature: ", s.message()));
  }
  passed.push_back(absl::StrCat("checkpoint signature valid (", cp.origin(), ", size ",
                                cp.tree_size(), ", key ", merkle::ToHex(cp.public_key()), ")"));

  if (options.previous) {
    const v1::Checkpoint& old = *options.previous;
    if (old.origin() != cp.origin()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the log is ", cp.origin(), ", the saved checkpoint is of ", old.origin()));
    }
    if (cp.tree_size() < old.tree_size()) {
      return absl::FailedPreconditionError(absl::StrCat("the log shrank from ", old.tree_size(),
                                                        " to ", cp.tree_size(), " entries"));
    }
    ASSIGN_OR_RETURN(v1::ConsistencyProof proof,
                     client.GetConsistencyProof(old.tree_size(), cp.tree_size()));
    absl::Status s = merkle::VerifyConsistency(old.tree_size(), cp.tree_size(), old.root_hash(),
                                               cp.root_hash(), Hashes(proof.hashes()));
    if (!s.ok()) {
      return absl::DataLossError(absl::StrCat("the log was rewritten since the saved checkpoint (",
                                              old.tree_size(), " entries): ", s.message()));
    }
    passed.push_back(absl::StrCat("consistent with the saved checkpoint of ", old.tree_size(),
                                  " entries (", proof.hashes_size(), "-hash proof)"));
  }

  for (int64_t index : options.leaf_indexes) {
    ASSIGN_OR_RETURN(v1::GetEntriesResponse page, client.GetEntries(index, 1));
    if (page.entries_size() != 1 || page.entries(0).revision() != index + 1) {
      return absl::DataLossError(absl::StrCat("the server did not return entry ", index));
    }
    RETURN_IF_ERROR(VerifyEntryIncluded(client, cp, page.entries(0)));
    passed.push_back(absl::StrCat("entry ", index, " (revision ", index + 1, ") included"));
  }
  for (const std::string& name : options.resources) {
    RETURN_IF_ERROR(VerifyResource(client, cp, name, &passed));
  }
  if (options.full) RETURN_IF_ERROR(VerifyFull(client, cp, &passed));
  return result;
}

absl::StatusOr<std::optional<v1::Checkpoint>> LoadCheckpoint(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::optional<v1::Checkpoint>();
  std::stringstream text;
  text << in.rdbuf();
  v1::Checkpoint checkpoint;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &checkpoint)) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a saved checkpoint"));
  }
  return std::optional<v1::Checkpoint>(std::move(checkpoint));
}

absl::Status SaveCheckpoint(const std::string& path, const v1::Checkpoint& checkpoint) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(checkpoint, &text);
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << text;
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", temp));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot replace ", path));
  }
  return absl::OkStatus();
}

}  // namespace fangxin::cli
