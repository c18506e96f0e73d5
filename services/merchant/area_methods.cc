// MerchantCore: areas (malls, street districts, business circles, villages, markets).

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/validation.h"
#include "services/merchant/merchant_core.h"
#include "services/merchant/targets.h"
#include "services/schema/fangxin_schema.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kCreateArea[] = "/fangxin.v1.MerchantService/CreateArea";
constexpr char kUpdateArea[] = "/fangxin.v1.MerchantService/UpdateArea";

// The division of an area is fixed: its stores' divisions were checked against it.
}  // namespace

void MerchantCore::CreateArea(const Principal& caller, const v1::CreateAreaRequest& request,
                              Reply<v1::Area> reply) {
  FieldViolations violations;
  ValidateAreaForCreate(request, *divisions_, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  auto area = std::make_shared<v1::Area>(request.area());
  area->set_name(
      absl::StrCat("areas/", request.area_id().empty() ? NewResourceId() : request.area_id()));
  area->set_state(v1::AREA_STATE_ACTIVE);
  if (absl::Status s = Authorize(caller, Action::kCreateArea, TargetOf(*area)); !s.ok()) {
    return reply(s);
  }
  storage::ChangeSet change = NewChangeSet(caller, kCreateArea, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  change.writes.push_back({std::move(area), storage::Expect::kAbsent, 0});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<v1::Area> MerchantCore::GetArea(const Principal& caller,
                                               const v1::GetAreaRequest& request) {
  RETURN_IF_ERROR(ParseAreaName(request.name(), "name").status());
  ASSIGN_OR_RETURN(v1::Area area, Read<v1::Area>(*registry_, request.name()));
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, TargetOf(area)));
  return area;
}

absl::StatusOr<v1::ListAreasResponse> MerchantCore::ListAreas(
    const Principal& caller, const v1::ListAreasRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  storage::ScanQuery query;
  query.collection = "areas";
  if (!request.division().empty()) {
    ASSIGN_OR_RETURN(std::string code, ParseDivisionName(request.division(), "division"));
    const v1::Division* division = divisions_->Find(request.division());
    if (division == nullptr) return InvalidFieldError("division", "is not a known division");
    query.index =
        division->level() == v1::DIVISION_LEVEL_TOWNSHIP ? index::kTownship : index::kDivision;
    query.value = code;
  } else {
    query.value = "areas/";
  }
  const v1::AreaKind kind = request.kind();
  const v1::AreaState state = request.state();
  query.filter = [kind, state](const google::protobuf::Message& m) {
    const auto& area = static_cast<const v1::Area&>(m);
    return (kind == v1::AREA_KIND_UNSPECIFIED || area.kind() == kind) &&
           (state == v1::AREA_STATE_UNSPECIFIED || area.state() == state);
  };
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListAreasResponse response;
  AppendItems<v1::Area>(page, response.mutable_areas());
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

void MerchantCore::UpdateArea(const Principal& caller, const v1::UpdateAreaRequest& request,
                              Reply<v1::Area> reply) {
  FieldViolations violations;
  const std::string& name = request.area().name();
  if (!ParseAreaName(name, "area.name").ok()) violations.Add("area.name", "must be areas/{area_id}");
  ValidateUpdateMask(request.update_mask(), kAreaUpdatePaths, &violations);
  ValidateRequestId(request.request_id(), &violations);
  absl::StatusOr<int64_t> etag = ParseEtag(request.area().etag(), "area.etag");
  if (!etag.ok()) violations.Add("area.etag", std::string(etag.status().message()));
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, kUpdateArea, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Area> current = Read<v1::Area>(*registry_, name);
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, Action::kUpdateArea, TargetOf(*current)); !s.ok()) {
    return reply(s);
  }
  auto updated = std::make_shared<v1::Area>(*current);
  ApplyUpdateMask(request.area(), request.update_mask(), updated.get());
  ValidateArea(*updated, "area", *divisions_, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  change.writes.push_back({std::move(updated), storage::Expect::kModRevision, *etag});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

}  // namespace fangxin
