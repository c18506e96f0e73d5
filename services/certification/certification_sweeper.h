#ifndef FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_SWEEPER_H_
#define FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_SWEEPER_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/periodic_task.h"
#include "fangxin/v1/certification.pb.h"
#include "services/compliance/working_calendar.h"
#include "storage/registry.h"

namespace fangxin {

// The certification transitions that happen by time, read from the injected clock:
//   - an application in PUBLIC_NOTICE whose notice has ended with no open objection becomes
//     CERTIFIED, and its certificate (`certificates/{id}`, number `{prefix}-{year}-{seq:06}`)
//     is issued in the same commit, which also advances `certificateSequences/{year}` with an
//     expectation on its mod_revision, so two issues never take one number;
//   - a live certificate past valid_until EXPIRES;
//   - a VALID certificate due for its yearly re-evaluation, and a RECTIFYING one past its
//     rectification deadline, are re-evaluated (ReadUnitMetrics + Evaluate under the
//     programme version it was issued on) and ApplyReEvaluation decides: retained,
//     RECTIFYING with a deadline, back to VALID, or REVOKED.
// Each change is its own commit through the one commit path (event and audit entry, actor
// `system/certification-sweeper`); a record changed concurrently (ABORTED) is left for the next
// sweep, and a record that cannot be processed (its unit or programme version unreadable) is
// counted in `failed` without stopping the sweep.
//
// Tests call RunOnce with a FakeClock; the server calls Start. Thread-safe.
class CertificationSweeper {
 public:
  struct Options {
    // First part of the numbers of the certificates issued here. Default "FX".
    std::string number_prefix = "FX";
  };

  struct Result {
    int issued = 0;
    int expired = 0;
    int retained = 0;    // Re-evaluated and VALID afterwards.
    int rectifying = 0;  // Re-evaluated and RECTIFYING afterwards.
    int revoked = 0;     // Failed again after the rectification deadline.
    int failed = 0;      // Left for the next sweep because of an error.
  };

  // Not owned; all must outlive the sweeper.
  CertificationSweeper(storage::Registry* registry, const WorkingCalendar* calendar,
                       const Clock* clock, Options options)
      : registry_(registry), calendar_(calendar), clock_(clock), options_(std::move(options)) {}
  CertificationSweeper(storage::Registry* registry, const WorkingCalendar* calendar,
                       const Clock* clock)
      : CertificationSweeper(registry, calendar, clock, Options()) {}
  ~CertificationSweeper() { Stop(); }

  // One pass at clock->Now(). Blocks on commits: never call it on a gRPC callback thread.
  // Errors only when the due records cannot be listed.
  absl::StatusOr<Result> RunOnce();

  // Runs RunOnce every `interval` on a thread of its own until Stop.
  void Start(absl::Duration interval);
  void Stop();

 private:
  // False when the record was left for the next sweep (changed concurrently).
  absl::StatusOr<bool> IssueCertificate(const v1::Application& application, absl::Time now);
  absl::StatusOr<bool> Expire(const v1::Certificate& certificate, absl::Time now);
  // The state after the re-evaluation, or nullopt when left for the next sweep.
  absl::StatusOr<std::optional<v1::CertificateState>> ReEvaluate(const v1::Certificate& certificate,
                                                                 absl::Time now);

  storage::Registry* const registry_;
  const WorkingCalendar* const calendar_;
  const Clock* const clock_;
  const Options options_;

  PeriodicTask ticker_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_SWEEPER_H_
