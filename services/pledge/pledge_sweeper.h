#ifndef FANGXIN_SERVICES_PLEDGE_PLEDGE_SWEEPER_H_
#define FANGXIN_SERVICES_PLEDGE_PLEDGE_SWEEPER_H_


#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/periodic_task.h"
#include "storage/registry.h"

namespace fangxin {

// The transitions that happen by time, read from the injected clock:
//   - a pledge (DRAFT, ACTIVE or SUSPENDED) whose valid_until has passed becomes EXPIRED; if it
//     was renewed, its DRAFT successor then becomes ACTIVE (a second commit, because the
//     successor takes over the store's live-pledge index entry the predecessor releases);
//   - an ACTIVE or SUSPENDED pledge whose withdrawal notice has run out becomes WITHDRAWN.
// Each change is its own commit through the one commit path (event and audit entry, actor
// `system/pledge-sweeper`); a pledge changed concurrently (ABORTED) is left for the next sweep.
//
// Tests call SweepOnce with a FakeClock; the server calls Start. Thread-safe.
class PledgeSweeper {
 public:
  struct Result {
    int expired = 0;
    int withdrawn = 0;
    int successors_activated = 0;
  };

  // Not owned; both must outlive the sweeper.
  PledgeSweeper(storage::Registry* registry, const Clock* clock)
      : registry_(registry), clock_(clock) {}
  ~PledgeSweeper() { Stop(); }

  // One pass at clock->Now(). Blocks on commits: never call it on a gRPC callback thread.
  absl::StatusOr<Result> SweepOnce();

  // Runs SweepOnce every `interval` on a thread of its own until Stop.
  void Start(absl::Duration interval);
  void Stop();

 private:
  storage::Registry* const registry_;
  const Clock* const clock_;

  PeriodicTask ticker_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_PLEDGE_PLEDGE_SWEEPER_H_
