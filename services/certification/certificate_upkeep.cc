#include "services/certification/certificate_upkeep.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/certification/certification_keys.h"
#include "services/certification/rules/criteria_evaluation.h"
#include "services/certification/unit_metrics.h"
#include "services/support/scan_all.h"

namespace fangxin {

absl::StatusOr<v1::Programme> ReadProgrammeVersion(storage::Registry& registry,
                                                   const std::string& programme, int32_t version) {
  ASSIGN_OR_RETURN(auto stored, registry.Get(absl::StrCat(
                                    programme, "/", cert_index::kProgrammeVersions, "/", version)));
  return static_cast<const v1::Programme&>(*stored);
}

absl::StatusOr<v1::Evaluation> EvaluateCertificate(storage::Registry& registry,
                                                   const WorkingCalendar& calendar,
                                                   const v1::Certificate& certificate,
                                                   const v1::Programme& programme_version,
                                                   absl::Time now) {
  ASSIGN_OR_RETURN(UnitMetrics metrics, ReadUnitMetrics(registry, calendar, certificate.unit(),
                                                        certificate.unit_kind(), now));
  if (certificate.application().empty()) {
    // Imported: the issuing authority assessed the manual criteria.
    return Evaluate(programme_version, metrics, {}, MissingManual::kFullPoints, now);
  }
  ASSIGN_OR_RETURN(auto stored, registry.Get(certificate.application()));
  const auto& application = static_cast<const v1::Application&>(*stored);
  return Evaluate(programme_version, metrics, application.scores(), MissingManual::kPending, now);
}

absl::StatusOr<std::vector<v1::Certificate>> LiveCertificatesOf(storage::Registry& registry,
                                                                const std::string& unit) {
  storage::ScanQuery query;
  query.collection = cert_index::kCertificates;
  query.index = cert_index::kUnit;
  query.value = cert_index::UnitKey(unit);
  query.limit = 100;
  query.filter = [](const google::protobuf::Message& m) {
    return cert_index::IsLiveCertificateState(static_cast<const v1::Certificate&>(m).state());
  };
  // A unit holds a handful of certificates; the page bound only guards a corrupt index.
  return ScanAll<v1::Certificate>(registry, std::move(query), 100);
}

absl::StatusOr<bool> CommitCertificateChange(storage::Registry& registry,
                                             const v1::Certificate& original,
                                             v1::Certificate updated, const std::string& actor,
                                             const std::string& method, const std::string& reason) {
  storage::ChangeSet change;
  change.actor = {actor, v1::ROLE_ADMIN};
  change.method = method;
  change.reason = reason;
  change.writes.push_back({std::make_shared<v1::Certificate>(std::move(updated)),
                           storage::Expect::kModRevision, original.mod_revision()});
  absl::StatusOr<storage::CommitResult> committed = registry.CommitAndWait(std::move(change));
  if (committed.ok()) return true;
  if (committed.status().code() == absl::StatusCode::kAborted ||
      committed.status().code() == absl::StatusCode::kNotFound) {
    return false;
  }
  return committed.status();
}

}  // namespace fangxin
