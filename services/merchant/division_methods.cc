// MerchantCore: divisions. Divisions are reference data loaded from deploy/data/; they live in
// the registry too, so they carry revisions, appear in the event feed and page like the rest.

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/common/validation.h"
#include "services/merchant/merchant_core.h"
#include "services/merchant/targets.h"
#include "services/schema/fangxin_schema.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

// Commits of reference data stay small enough to keep the committer responsive.
constexpr int kDivisionsPerCommit = 200;

// The division without its bookkeeping fields, for comparing content.
v1::Division ContentOf(v1::Division d) {
  d.clear_etag();
  d.clear_create_revision();
  d.clear_mod_revision();
  d.clear_version();
  d.clear_create_time();
  d.clear_update_time();
  return d;
}

}  // namespace

absl::StatusOr<v1::Division> MerchantCore::GetDivision(const Principal& caller,
                                                       const v1::GetDivisionRequest& request) {
  ASSIGN_OR_RETURN(std::string code, ParseDivisionName(request.name(), "name"));
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  return Read<v1::Division>(*registry_, absl::StrCat("divisions/", code));
}

absl::StatusOr<v1::ListDivisionsResponse> MerchantCore::ListDivisions(
    const Principal& caller, const v1::ListDivisionsRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  storage::ScanQuery query;
  query.collection = "divisions";
  if (!request.parent().empty()) {
    ASSIGN_OR_RETURN(std::string parent, ParseDivisionName(request.parent(), "parent"));
    query.index = index::kParent;
    query.value = parent;
  } else if (request.level() != v1::DIVISION_LEVEL_UNSPECIFIED) {
    query.index = index::kLevel;
    query.value = absl::StrCat(static_cast<int>(request.level()));
  } else {
    query.value = "divisions/";
  }
  if (request.level() != v1::DIVISION_LEVEL_UNSPECIFIED) {
    const v1::DivisionLevel level = request.level();
    query.filter = [level](const google::protobuf::Message& m) {
      return static_cast<const v1::Division&>(m).level() == level;
    };
  }
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListDivisionsResponse response;
  AppendItems<v1::Division>(page, response.mutable_divisions());
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

absl::StatusOr<int> MerchantCore::SyncDivisions() {
  std::vector<std::string> names;
  for (const v1::Division& d : divisions_->All()) names.push_back(d.name());
  ASSIGN_OR_RETURN(auto stored, registry_->GetMany(names));

  int written = 0;
  storage::ChangeSet change;
  auto flush = [&]() -> absl::Status {
    if (change.writes.empty()) return absl::OkStatus();
    written += static_cast<int>(change.writes.size());
    RETURN_IF_ERROR(registry_->CommitAndWait(std::move(change)).status());
    change = storage::ChangeSet();
    return absl::OkStatus();
  };
  size_t i = 0;
  for (const v1::Division& wanted : divisions_->All()) {
    const auto& have = stored[i++];
    storage::ResourceWrite write;
    write.resource = std::make_shared<v1::Division>(wanted);
    if (have == nullptr) {
      write.expect = storage::Expect::kAbsent;
    } else {
      const auto& current = static_cast<const v1::Division&>(*have);
      if (google::protobuf::util::MessageDifferencer::Equals(ContentOf(current),
                                                             ContentOf(wanted))) {
        continue;
      }
      write.expect = storage::Expect::kModRevision;
      write.expected_mod_revision = current.mod_revision();
    }
    if (change.writes.empty()) {
      change.actor = {"system/divisions", v1::ROLE_ADMIN};
      change.method = "fangxind/SyncDivisions";
      change.reason = "division data file loaded at start-up";
    }
    change.writes.push_back(std::move(write));
    if (static_cast<int>(change.writes.size()) >= kDivisionsPerCommit) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());
  return written;
}

}  // namespace fangxin
