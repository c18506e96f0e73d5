#include "services/certification/certificate_monitor.h"

#include <memory>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/certification/certificate_upkeep.h"
#include "services/certification/certification_keys.h"
#include "services/certification/rules/certificate_rules.h"
#include "services/certification/rules/criteria_evaluation.h"
#include "services/certification/rules/time_util.h"
#include "services/certification/unit_metrics.h"
#include "services/compliance/compliance_keys.h"
#include "services/merchant/targets.h"
#include "services/pledge/pledge_keys.h"
#include "services/support/scan_all.h"

namespace fangxin {
namespace {

constexpr char kMonitorActor[] = "system/certificate-monitor";
// The longest the feed thread sleeps before looking again, and the pause before it re-watches
// after losing the feed: bounds how long Stop waits.
constexpr absl::Duration kWait = absl::Seconds(1);
// Events taken from the feed at once.
constexpr int kBatch = 256;

bool HasAutomaticVeto(const v1::Programme& programme) {
  for (const v1::Criterion& c : programme.criteria()) {
    if (c.veto() && c.kind() == v1::AUTOMATIC) return true;
  }
  return false;
}

// Every pledge of `store`.
absl::StatusOr<std::vector<v1::Pledge>> PledgesOf(storage::Registry& registry,
                                                  const std::string& store) {
  storage::ScanQuery query;
  query.collection = pledge_index::kCollection;
  query.index = pledge_index::kStore;
  query.value = pledge_index::StoreKey(store);
  query.limit = 200;
  return ScanAll<v1::Pledge>(registry, std::move(query), 100);
}

// The stores whose pledges a certificate of `unit` rests on: the store itself, or every store
// of the merchant. Empty for areas and divisions (their certificates rest on the vetoes only).
absl::StatusOr<std::vector<std::string>> PledgedStoresOf(storage::Registry& registry,
                                                         const v1::Certificate& certificate) {
  if (certificate.unit_kind() == v1::UNIT_STORE)
    return std::vector<std::string>{certificate.unit()};
  if (certificate.unit_kind() != v1::UNIT_MERCHANT) return std::vector<std::string>{};
  storage::ScanQuery query;
  query.collection = "stores";
  query.value = absl::StrCat(certificate.unit(), "/stores/");
  query.limit = 200;
  ASSIGN_OR_RETURN(const std::vector<v1::Store> found,
                   ScanAll<v1::Store>(registry, std::move(query), 100));
  std::vector<std::string> stores;
  stores.reserve(found.size());
  for (const v1::Store& store : found) stores.push_back(store.name());
  return stores;
}

std::string RevokedPledgeReason(const v1::Pledge& pledge) {
  return absl::StrCat("pledge ", pledge.name(), " of ", pledge.store(), " was revoked",
                      pledge.state_reason().empty() ? "" : ": ", pledge.state_reason());
}

}  // namespace

absl::Status CertificateMonitor::Revoke(const v1::Certificate& certificate,
                                        const std::string& reason, Result* result) {
  ASSIGN_OR_RETURN(v1::CertificateState next,
                   NextCertificateState(certificate.state(), CertificateAction::kRevoke));
  v1::Certificate revoked = certificate;
  revoked.set_state(next);
  revoked.set_state_reason(reason);
  ToProto(clock_->Now(), revoked.mutable_revoke_time());
  ASSIGN_OR_RETURN(bool committed, CommitCertificateChange(
                                       *registry_, certificate, std::move(revoked), kMonitorActor,
                                       "system/certificate-monitor/Revoke", reason));
  if (committed) ++result->revoked;
  return absl::OkStatus();
}

absl::Status CertificateMonitor::RevokeLiveOf(const std::string& unit, const std::string& reason,
                                              Result* result) {
  ASSIGN_OR_RETURN(std::vector<v1::Certificate> live, LiveCertificatesOf(*registry_, unit));
  for (const v1::Certificate& certificate : live) {
    ++result->checked;
    RETURN_IF_ERROR(Revoke(certificate, reason, result));
  }
  return absl::OkStatus();
}

absl::Status CertificateMonitor::CheckVetoes(const v1::Certificate& certificate, Result* result) {
  ++result->checked;
  ASSIGN_OR_RETURN(v1::Programme version, ReadProgrammeVersion(*registry_, certificate.programme(),
                                                               certificate.criteria_version()));
  if (!HasAutomaticVeto(version)) return absl::OkStatus();
  const absl::Time now = clock_->Now();
  // Only the automatic vetoes matter here: manual criteria count as met, so that they can
  // neither fail a veto nor leave the evaluation pending.
  ASSIGN_OR_RETURN(UnitMetrics metrics, ReadUnitMetrics(*registry_, *calendar_, certificate.unit(),
                                                        certificate.unit_kind(), now));
  const v1::Evaluation evaluation = Evaluate(version, metrics, {}, MissingManual::kFullPoints, now);
  for (const v1::CriterionResult& criterion : evaluation.results()) {
    if (criterion.kind() != v1::AUTOMATIC || !criterion.veto() || criterion.met()) continue;
    return Revoke(certificate,
                  absl::StrCat("veto criterion ", criterion.criterion_id(),
                               " failed: ", criterion.explanation()),
                  result);
  }
  return absl::OkStatus();
}

absl::Status CertificateMonitor::OnRevokedPledge(const v1::Pledge& pledge, Result* result) {
  const std::string reason = RevokedPledgeReason(pledge);
  RETURN_IF_ERROR(RevokeLiveOf(pledge.store(), reason, result));
  return RevokeLiveOf(MerchantOfStore(pledge.store()), reason, result);
}

absl::Status CertificateMonitor::OnViolation(const v1::Violation& violation, Result* result) {
  std::vector<std::string> units = {violation.store(), MerchantOfStore(violation.store())};
  for (const std::string* place :
       {&violation.area(), &violation.township(), &violation.division()}) {
    if (!place->empty()) units.push_back(*place);
  }
  absl::Status first_error;
  for (const std::string& unit : units) {
    ASSIGN_OR_RETURN(std::vector<v1::Certificate> live, LiveCertificatesOf(*registry_, unit));
    for (const v1::Certificate& certificate : live) {
      absl::Status checked = CheckVetoes(certificate, result);
      if (!checked.ok()) {
        ++result->failed;
        if (first_error.ok()) first_error = checked;
      }
    }
  }
  return first_error;
}

absl::StatusOr<CertificateMonitor::Result> CertificateMonitor::HandleEvent(const v1::Event& event) {
  Result result;
  if (absl::StartsWith(event.resource_name(), absl::StrCat(pledge_index::kCollection, "/"))) {
    v1::Pledge pledge;
    if (!event.resource().UnpackTo(&pledge) || pledge.state() != v1::PLEDGE_STATE_REVOKED) {
      return result;
    }
    RETURN_IF_ERROR(OnRevokedPledge(pledge, &result));
  } else if (event.type() == v1::EVENT_TYPE_CREATED &&
             absl::StartsWith(event.resource_name(),
                              absl::StrCat(compliance_index::kViolations, "/"))) {
    v1::Violation violation;
    if (!event.resource().UnpackTo(&violation)) return result;
    RETURN_IF_ERROR(OnViolation(violation, &result));
  }
  return result;
}

absl::StatusOr<CertificateMonitor::Result> CertificateMonitor::CheckAll() {
  storage::ScanQuery query;
  query.collection = cert_index::kCertificates;
  query.index = cert_index::kLive;
  query.value = "1";
  query.limit = 200;
  ASSIGN_OR_RETURN(const std::vector<v1::Certificate> live,
                   ScanAll<v1::Certificate>(*registry_, std::move(query), 1000));

  Result result;
  for (const v1::Certificate& certificate : live) {
    // A pledge revoked since the certificate was issued.
    absl::StatusOr<std::vector<std::string>> stores = PledgedStoresOf(*registry_, certificate);
    if (!stores.ok()) {
      ++result.failed;
      continue;
    }
    std::string revoked_reason;
    for (const std::string& store : *stores) {
      absl::StatusOr<std::vector<v1::Pledge>> pledges = PledgesOf(*registry_, store);
      if (!pledges.ok()) break;
      for (const v1::Pledge& pledge : *pledges) {
        if (pledge.state() == v1::PLEDGE_STATE_REVOKED &&
            FromProto(pledge.update_time()) >= FromProto(certificate.issue_time())) {
          revoked_reason = RevokedPledgeReason(pledge);
          break;
        }
      }
      if (!revoked_reason.empty()) break;
    }
    absl::Status done = revoked_reason.empty() ? CheckVetoes(certificate, &result)
                                               : Revoke(certificate, revoked_reason, &result);
    if (!done.ok()) ++result.failed;
  }
  return result;
}

bool CertificateMonitor::WaitForNews(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(this, &CertificateMonitor::NewsOrStopping), timeout);
  return !stopping_;
}

void CertificateMonitor::Run() {
  const storage::WatchFilter filter{{pledge_index::kCollection, compliance_index::kViolations}, {}};
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    // Whatever happened before `from` is covered by CheckAll; the feed covers the rest.
    const int64_t from = registry_->CurrentRevision() + 1;
    absl::StatusOr<Result> checked = CheckAll();
    if (!checked.ok()) {
      Report(absl::StrCat("checking the live certificates failed, retrying: ",
                          checked.status().ToString()));
      if (!WaitForNews(kWait)) return;
      continue;
    }
    if (checked->failed > 0) {
      Report(absl::StrCat(checked->failed,
                          " live certificates could not be checked; they are checked again "
                          "when the monitor next starts or loses the feed"));
    }
    std::unique_ptr<storage::EventWatch> watch = registry_->Watch(from, filter, [this] {
      absl::MutexLock lock(&mu_);
      news_ = true;
    });
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
        news_ = false;
      }
      absl::StatusOr<storage::EventBatch> batch = watch->Next(kBatch);
      if (!batch.ok()) {
        // Lost the feed (compacted, too slow, closing): start over from a full check.
        Report(absl::StrCat("lost the event feed (", batch.status().ToString(),
                            "); checking every live certificate again"));
        break;
      }
      if (batch->events.empty()) {
        if (!WaitForNews(kWait)) return;
        continue;
      }
      for (const v1::Event* event : batch->events) {
        absl::StatusOr<Result> handled = HandleEvent(*event);
        if (!handled.ok()) {
          Report(absl::StrCat("revision ", event->revision(), " (", event->resource_name(),
                              "): ", handled.status().ToString(),
                              "; checked again when the monitor next starts or loses the feed"));
        }
      }
    }
    if (!WaitForNews(kWait)) return;
  }
}

void CertificateMonitor::Start() {
  thread_ = std::thread([this] { Run(); });
}

void CertificateMonitor::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace fangxin
