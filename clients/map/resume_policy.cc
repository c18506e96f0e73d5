#include "clients/map/resume_policy.h"

#include "common/errors.h"

namespace fangxin::map {

NextStep AfterWatchEnded(const absl::Status& status, int64_t last_revision) {
  const int64_t next = last_revision + 1;
  switch (status.code()) {
    case absl::StatusCode::kOutOfRange:
      // REVISION_COMPACTED is the only OUT_OF_RANGE a watch returns; re-listing is also the one
      // safe answer to an OUT_OF_RANGE without that reason.
      return {NextStep::Action::kRelist, 0, false};
    case absl::StatusCode::kResourceExhausted:
      if (ErrorReasonOf(status) == "WATCHER_TOO_SLOW") {
        return {NextStep::Action::kResume, next, false};
      }
      return {NextStep::Action::kResume, next, true};  // e.g. a server-side limit: back off
    default:
      return {NextStep::Action::kResume, next, true};
  }
}

}  // namespace fangxin::map
