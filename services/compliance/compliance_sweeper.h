#ifndef FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_SWEEPER_H_
#define FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_SWEEPER_H_


#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/periodic_task.h"
#include "services/compliance/violation_policy.h"
#include "storage/registry.h"

namespace fangxin {

// The compliance transitions that happen by time, read from the injected clock: a failed
// inspection whose rectification deadline has passed becomes a Violation, unless a passing
// inspection of the same pledge was recorded after it and by the deadline (then the failed one
// records that inspection as `rectified_by`). A violation may suspend the pledge
// (violation_writes.h) in the same commit. Each inspection is its own commit through the one
// commit path (actor `system/compliance-sweeper`); one changed concurrently (ABORTED) is left
// for the next sweep.
//
// Tests call SweepOnce with a FakeClock; the server calls Start. Thread-safe.
class ComplianceSweeper {
 public:
  struct Result {
    int violations = 0;
    int rectified = 0;
    int suspended = 0;
  };

  // Not owned; both must outlive the sweeper.
  ComplianceSweeper(storage::Registry* registry, const Clock* clock, ViolationPolicy policy)
      : registry_(registry), clock_(clock), policy_(policy) {}
  ~ComplianceSweeper() { Stop(); }

  // One pass at clock->Now(). Blocks on commits: never call it on a gRPC callback thread.
  absl::StatusOr<Result> SweepOnce();

  // Runs SweepOnce every `interval` on a thread of its own until Stop.
  void Start(absl::Duration interval);
  void Stop();

 private:
  storage::Registry* const registry_;
  const Clock* const clock_;
  const ViolationPolicy policy_;

  PeriodicTask ticker_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_SWEEPER_H_
