#ifndef FANGXIN_SERVICES_CERTIFICATION_CERTIFICATE_MONITOR_H_
#define FANGXIN_SERVICES_CERTIFICATION_CERTIFICATE_MONITOR_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "fangxin/v1/certification.pb.h"
#include "fangxin/v1/event.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "services/compliance/working_calendar.h"
#include "storage/registry.h"

namespace fangxin {

// Revocation "at once": follows the registry's event feed and revokes live certificates when
//   - a pledge becomes REVOKED: the certificates of its store and of the store's merchant;
//   - a violation is recorded: the certificates of its store, the store's merchant, area,
//     township and county whose automatic VETO criteria now fail (re-evaluated with
//     ReadUnitMetrics under the certificate's programme version); state_reason names the
//     criterion and its value.
// On start (and whenever the feed is lost, e.g. compacted) it first checks every live
// certificate against the same two rules, so nothing is missed across a restart, then follows
// the feed from the revision it checked at. Each revocation is its own commit, checked against
// the certificate's etag (actor `system/certificate-monitor`).
//
// Tests call CheckAll / HandleEvent directly or Start it and wait. Thread-safe.
class CertificateMonitor {
 public:
  struct Result {
    int checked = 0;  // Live certificates looked at.
    int revoked = 0;
    int failed = 0;  // Certificates that could not be checked (read errors).
  };

  // Where the thread started by Start reports what it could not do (fangxind: its log), one
  // line each, naming the event or the count and the error. Called on the monitor's thread.
  using ProblemLog = std::function<void(const std::string& line)>;

  // Not owned; all must outlive the monitor. `log` may be null (problems go unreported).
  CertificateMonitor(storage::Registry* registry, const WorkingCalendar* calendar,
                     const Clock* clock, ProblemLog log = nullptr)
      : registry_(registry), calendar_(calendar), clock_(clock), log_(std::move(log)) {}
  ~CertificateMonitor() { Stop(); }

  // Checks every live certificate (a revoked pledge of its store or merchant since it was
  // issued; a failed automatic veto) and revokes those that fail. Blocks on commits.
  absl::StatusOr<Result> CheckAll();

  // Acts on one event of the feed (others are ignored). Blocks on commits.
  absl::StatusOr<Result> HandleEvent(const v1::Event& event);

  // Follows the feed on a thread of its own until Stop. Waits are bounded (a second), so Stop
  // returns promptly. Must be stopped before the registry is destroyed.
  void Start();
  void Stop();

 private:
  void Run();
  // Waits until the watch has news, Stop is called or `timeout` passes. False when stopping.
  bool WaitForNews(absl::Duration timeout);
  bool NewsOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return news_ || stopping_; }

  // Revokes the live certificates of `unit` with `reason`.
  absl::Status RevokeLiveOf(const std::string& unit, const std::string& reason, Result* result);
  // Revokes `certificate` if an automatic veto of its programme version now fails.
  absl::Status CheckVetoes(const v1::Certificate& certificate, Result* result);
  absl::Status Revoke(const v1::Certificate& certificate, const std::string& reason,
                      Result* result);
  absl::Status OnRevokedPledge(const v1::Pledge& pledge, Result* result);
  absl::Status OnViolation(const v1::Violation& violation, Result* result);

  void Report(const std::string& line) const {
    if (log_) log_(line);
  }

  storage::Registry* const registry_;
  const WorkingCalendar* const calendar_;
  const Clock* const clock_;
  const ProblemLog log_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool news_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // Started and joined by the owner's thread only.
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_CERTIFICATE_MONITOR_H_
