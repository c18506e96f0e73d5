// CertificationCore: evaluations of a unit now, and the tiered cultivation list.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/certification/certification_core.h"
#include "services/certification/certification_keys.h"
#include "services/certification/rules/criteria_evaluation.h"
#include "services/certification/rules/tiers.h"
#include "services/certification/unit_lookup.h"
#include "services/certification/unit_metrics.h"
#include "services/common/validation.h"
#include "services/merchant/targets.h"

namespace fangxin {
namespace {

// ListTiers reads every live certificate of the division, a page at a time.
constexpr int kTierScanPage = 1000;

}  // namespace

absl::StatusOr<v1::Evaluation> CertificationCore::EvaluateNow(
    const v1::Programme& programme_version, const std::string& unit, v1::UnitKind kind,
    const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores, absl::Time now) {
  if (options_.calendar == nullptr) {
    return absl::FailedPreconditionError("the certification core has no working calendar");
  }
  ASSIGN_OR_RETURN(UnitMetrics metrics,
                   ReadUnitMetrics(*registry_, *options_.calendar, unit, kind, now));
  return Evaluate(programme_version, metrics, scores, MissingManual::kPending, now);
}

absl::StatusOr<v1::Evaluation> CertificationCore::EvaluateUnit(
    const Principal& caller, const v1::EvaluateUnitRequest& request) {
  FieldViolations violations;
  AddViolationsFrom(ParseProgrammeName(request.programme(), "programme").status(), "programme",
                    &violations);
  if (request.unit().empty()) violations.Add("unit", "is required");
  RETURN_IF_ERROR(violations.ToStatus());
  // Evaluations show compliance figures: refuse roles that never see them before any read.
  if (GrantFor(caller.role, Action::kReadCertification) == Grant::kNever) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadCertification, Target{}));
  }
  ASSIGN_OR_RETURN(UnitInfo unit, LookupUnit(*registry_, request.unit(), "unit"));
  RETURN_IF_ERROR(Authorize(caller, Action::kReadCertification, unit.target));
  // The latest programme is its current criteria version.
  ASSIGN_OR_RETURN(v1::Programme programme, Read<v1::Programme>(*registry_, request.programme()));
  RETURN_IF_ERROR(RequireUnitKind(unit, programme));
  return EvaluateNow(programme, unit.name, unit.kind, {}, clock_->Now());
}

absl::StatusOr<v1::ListTiersResponse> CertificationCore::ListTiers(
    const Principal& caller, const v1::ListTiersRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  FieldViolations violations;
  const bool whole_city = request.division() == "divisions/-";
  bool township = false;
  if (!whole_city) {
    absl::StatusOr<std::string> code = ParseDivisionName(request.division(), "division");
    if (!code.ok()) {
      violations.Add("division", "must be divisions/{code} (county or township) or divisions/-");
    } else {
      township = code->size() == 9;
    }
  }
  if (!v1::CertificationCategory_IsValid(request.category())) {
    violations.Add("category", "is not a category");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  // NOT_FOUND for an unknown division rather than an empty list.
  if (!whole_city) RETURN_IF_ERROR(Read<v1::Division>(*registry_, request.division()).status());

  storage::ScanQuery query;
  query.collection = cert_index::kCertificates;
  if (whole_city) {
    query.index = cert_index::kLive;
    query.value = "1";
  } else {
    query.index = township ? cert_index::kTownship : cert_index::kDivision;
    query.value = pledge_index::LastSegment(request.division());
  }
  query.limit = kTierScanPage;
  const v1::CertificationCategory category = request.category();
  query.filter = [category](const google::protobuf::Message& m) {
    const auto& c = static_cast<const v1::Certificate&>(m);
    return cert_index::IsLiveCertificateState(c.state()) &&
           (category == v1::CERTIFICATION_CATEGORY_UNSPECIFIED || c.category() == category);
  };
  std::vector<v1::Certificate> certificates;
  int64_t read_revision = 0;
  for (;;) {
    ASSIGN_OR_RETURN(storage::ScanResult scan, registry_->Scan(query));
    if (read_revision == 0) read_revision = scan.read_revision;
    for (const auto& resource : scan.resources) {
      certificates.push_back(static_cast<const v1::Certificate&>(*resource));
    }
    if (scan.done) break;
    query.start_after = scan.last_key;
  }
  v1::ListTiersResponse response = BuildTiers(certificates);
  response.set_read_revision(read_revision);
  return response;
}

}  // namespace fangxin
