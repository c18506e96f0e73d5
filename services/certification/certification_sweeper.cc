#include "services/certification/certification_sweeper.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "services/certification/certificate_upkeep.h"
#include "services/certification/certification_keys.h"
#include "services/certification/rules/application_rules.h"
#include "services/certification/rules/certificate_rules.h"
#include "services/certification/rules/time_util.h"
#include "services/certification/unit_lookup.h"
#include "services/support/mutation.h"
#include "services/support/scan_all.h"

namespace fangxin {
namespace {

constexpr char kSweeperActor[] = "system/certification-sweeper";
constexpr int kPage = 200;
// Pages examined per sweep and kind of record; what is left waits for the next sweep.
constexpr int kMaxPages = 1000;

std::string Day(absl::Time t) { return absl::FormatTime("%Y-%m-%d", t, ChinaStandardTime()); }

// Every resource of `query` that its filter keeps, collected before any commit because the
// commits change the index being walked.
template <typename T>
absl::StatusOr<std::vector<T>> CollectDue(storage::Registry& registry, storage::ScanQuery query) {
  query.limit = kPage;
  return ScanAll<T>(registry, std::move(query), kMaxPages);
}

// Taken numbers skipped in one issue before giving up (an import of a whole range of this
// programme's own numbers would be a data error worth a look, not a loop).
constexpr int kMaxNumberProbes = 1000;

}  // namespace

absl::StatusOr<bool> CertificationSweeper::IssueCertificate(const v1::Application& application,
                                                            absl::Time now) {
  ASSIGN_OR_RETURN(v1::ApplicationState next,
                   NextApplicationState(application.state(), ApplicationAction::kCompleteNotice));
  ASSIGN_OR_RETURN(v1::Programme version, ReadProgrammeVersion(*registry_, application.programme(),
                                                               application.criteria_version()));
  ASSIGN_OR_RETURN(UnitInfo unit, LookupUnit(*registry_, application.unit(), "unit"));

  // The year's number sequence: created by the year's first issue, then advanced.
  const int64_t year = absl::ToCivilYear(now, ChinaStandardTime()).year();
  const std::string sequence_name = absl::StrCat(cert_index::kSequences, "/", year);
  auto sequence = std::make_shared<v1::CertificateSequence>();
  storage::ResourceWrite sequence_write{sequence, storage::Expect::kAbsent, 0};
  absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> stored =
      registry_->Get(sequence_name);
  if (stored.ok()) {
    *sequence = static_cast<const v1::CertificateSequence&>(**stored);
    sequence_write.expect = storage::Expect::kModRevision;
    sequence_write.expected_mod_revision = sequence->mod_revision();
  } else if (stored.status().code() == absl::StatusCode::kNotFound) {
    sequence->set_name(sequence_name);
  } else {
    return stored.status();
  }
  // Imported certificates keep their issuer's numbers, and one may have this very form: the
  // sequence skips numbers already taken, or that one import would refuse every issue after it.
  std::string number;
  for (int probes = 0;; ++probes) {
    sequence->set_last(sequence->last() + 1);
    number = absl::StrFormat("%s-%d-%06d", options_.number_prefix, year, sequence->last());
    ASSIGN_OR_RETURN(const std::string holder,
                     registry_->LookupUnique(cert_index::kCertificates,
                                             cert_index::NumberEntry(number)));
    if (holder.empty()) break;
    if (probes == kMaxNumberProbes) {
      return absl::InternalError(absl::StrCat(kMaxNumberProbes + 1, " certificate numbers from ",
                                              sequence_name, " on are taken by imports"));
    }
  }

  auto certificate = std::make_shared<v1::Certificate>(NewCertificate(application, version, now));
  certificate->set_name(absl::StrCat(cert_index::kCertificates, "/", NewResourceId()));
  certificate->set_number(number);
  certificate->set_unit_display_name(unit.display_name);

  auto certified = std::make_shared<v1::Application>(application);
  certified->set_state(next);
  certified->set_certificate(certificate->name());
  certified->set_state_reason(absl::StrCat("public notice ended on ",
                                           Day(FromProto(application.notice_end_time())),
                                           " with no open objection"));

  storage::ChangeSet change;
  change.actor = {kSweeperActor, v1::ROLE_ADMIN};
  change.method = "system/certification-sweeper/IssueCertificate";
  change.reason = absl::StrCat("certificate ", certificate->number(), " for ", application.name());
  change.writes.push_back({certified, storage::Expect::kModRevision, application.mod_revision()});
  change.writes.push_back({certificate, storage::Expect::kAbsent, 0});
  change.writes.push_back(std::move(sequence_write));
  absl::StatusOr<storage::CommitResult> committed = registry_->CommitAndWait(std::move(change));
  if (committed.ok()) return true;
  switch (committed.status().code()) {
    case absl::StatusCode::kAborted:        // The application or the sequence moved on.
    case absl::StatusCode::kAlreadyExists:  // The year's sequence was created meanwhile.
      return false;
    default:
      // Includes UNIQUE_CONSTRAINT: the unit got a live certificate of the programme meanwhile
      // (an import); it stays in notice and is counted as failed until someone decides.
      return committed.status();
  }
}

absl::StatusOr<bool> CertificationSweeper::Expire(const v1::Certificate& certificate,
                                                  absl::Time now) {
  ASSIGN_OR_RETURN(v1::CertificateState next,
                   NextCertificateState(certificate.state(), CertificateAction::kExpire));
  v1::Certificate expired = certificate;
  expired.set_state(next);
  expired.set_state_reason(
      absl::StrCat("validity ended on ", Day(FromProto(certificate.valid_until()))));
  return CommitCertificateChange(*registry_, certificate, std::move(expired), kSweeperActor,
                                 "system/certification-sweeper/Expire", "valid_until passed");
}

absl::StatusOr<std::optional<v1::CertificateState>> CertificationSweeper::ReEvaluate(
    const v1::Certificate& certificate, absl::Time now) {
  ASSIGN_OR_RETURN(v1::Programme version, ReadProgrammeVersion(*registry_, certificate.programme(),
                                                               certificate.criteria_version()));
  ASSIGN_OR_RETURN(v1::Evaluation evaluation,
                   EvaluateCertificate(*registry_, *calendar_, certificate, version, now));
  ASSIGN_OR_RETURN(v1::Certificate updated,
                   ApplyReEvaluation(certificate, evaluation, version, now));
  const v1::CertificateState state = updated.state();
  const std::string reason = updated.state_reason();
  ASSIGN_OR_RETURN(bool committed, CommitCertificateChange(
                                       *registry_, certificate, std::move(updated), kSweeperActor,
                                       "system/certification-sweeper/ReEvaluate", reason));
  if (!committed) return std::nullopt;
  return state;
}

absl::StatusOr<CertificationSweeper::Result> CertificationSweeper::RunOnce() {
  const absl::Time now = clock_->Now();
  Result result;

  storage::ScanQuery notices;
  notices.collection = cert_index::kApplications;
  notices.index = cert_index::kState;
  notices.value = absl::StrCat(static_cast<int>(v1::PUBLIC_NOTICE));
  notices.filter = [now](const google::protobuf::Message& m) {
    return NoticeComplete(static_cast<const v1::Application&>(m), now);
  };
  ASSIGN_OR_RETURN(std::vector<v1::Application> ended,
                   CollectDue<v1::Application>(*registry_, notices));
  for (const v1::Application& application : ended) {
    absl::StatusOr<bool> issued = IssueCertificate(application, now);
    if (!issued.ok()) ++result.failed;
    if (issued.ok() && *issued) ++result.issued;
  }

  storage::ScanQuery live;
  live.collection = cert_index::kCertificates;
  live.index = cert_index::kLive;
  live.value = "1";
  live.filter = [now](const google::protobuf::Message& m) {
    return DueWork(static_cast<const v1::Certificate&>(m), now) != CertificateDue::kNothing;
  };
  ASSIGN_OR_RETURN(std::vector<v1::Certificate> due, CollectDue<v1::Certificate>(*registry_, live));
  for (const v1::Certificate& certificate : due) {
    if (DueWork(certificate, now) == CertificateDue::kExpire) {
      absl::StatusOr<bool> expired = Expire(certificate, now);
      if (!expired.ok()) ++result.failed;
      if (expired.ok() && *expired) ++result.expired;
      continue;
    }
    absl::StatusOr<std::optional<v1::CertificateState>> state = ReEvaluate(certificate, now);
    if (!state.ok()) {
      ++result.failed;
      continue;
    }
    if (!state->has_value()) continue;
    switch (**state) {
      case v1::VALID:
        ++result.retained;
        break;
      case v1::RECTIFYING:
        ++result.rectifying;
        break;
      case v1::REVOKED:
        ++result.revoked;
        break;
      default:
        break;
    }
  }
  return result;
}

void CertificationSweeper::Start(absl::Duration interval) {
  // A failure is retried on the next tick.
  ticker_.Start(interval, [this] { (void)RunOnce(); });
}

void CertificationSweeper::Stop() { ticker_.Stop(); }

}  // namespace fangxin
