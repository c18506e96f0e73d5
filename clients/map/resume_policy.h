#ifndef FANGXIN_CLIENTS_MAP_RESUME_POLICY_H_
#define FANGXIN_CLIENTS_MAP_RESUME_POLICY_H_

#include <cstdint>

#include "absl/status/status.h"

namespace fangxin::map {

// What the feed follower does once a watch has ended.
struct NextStep {
  enum class Action {
    kResume,  // watch again from `from_revision`
    kRelist,  // the events it needs are gone: list everything again, then watch
  };
  Action action = Action::kResume;
  // For kResume.
  int64_t from_revision = 0;
  // Whether to wait (backoff with jitter) first: the server is down or refused, so an immediate
  // retry would only add load.
  bool backoff = false;

  friend bool operator==(const NextStep& a, const NextStep& b) {
    return a.action == b.action && a.from_revision == b.from_revision && a.backoff == b.backoff;
  }
};

// The rule of EventService's contract (event_service.proto), as a pure function of the
// watch's final status and the last revision the view holds (events or progress):
//   OUT_OF_RANGE (REVISION_COMPACTED, or any OUT_OF_RANGE)  -> relist at once;
//   RESOURCE_EXHAUSTED (WATCHER_TOO_SLOW)                   -> resume from last + 1 at once;
//   anything else (UNAVAILABLE while the server restarts, a deadline, an unexpected end of
//   the stream, a refused key an operator has yet to fix)   -> resume from last + 1 after a
//   backoff. The map keeps serving what it has meanwhile.
NextStep AfterWatchEnded(const absl::Status& status, int64_t last_revision);

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_RESUME_POLICY_H_
