#ifndef FANGXIN_STORAGE_EVENT_WATCH_H_
#define FANGXIN_STORAGE_EVENT_WATCH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fangxin/v1/event.pb.h"

namespace fangxin::storage {

// The events of consecutive whole commits, as the committer built them, with the places
// (CollectionSpec::scopes) of each event's resource computed once for all watchers. Immutable
// once published; shared by every watcher.
struct CommittedEvents {
  int64_t first_revision = 0;
  int64_t last_revision = 0;  // Every revision in [first, last] is here, with all its events.
  std::vector<fangxin::v1::Event> events;         // Revision order, then index order.
  std::vector<std::vector<std::string>> scopes;   // scopes[i] for events[i].
};

// Which events a watcher wants. An event matches when its collection is one of `collections`
// (or `collections` is empty) and its resource lies in every one of `scopes`.
struct WatchFilter {
  std::vector<std::string> collections;
  std::vector<std::string> scopes;

  bool Matches(const fangxin::v1::Event& event, const std::vector<std::string>& event_scopes) const;
};

// What EventWatch::Next hands over: matching events of whole commits, in revision order.
struct EventBatch {
  std::vector<const fangxin::v1::Event*> events;  // Point into `holds`.
  // Every revision up to this one has been handed over or filtered out; never decreases from
  // one batch to the next.
  int64_t progress_revision = 0;
  std::vector<std::shared_ptr<const CommittedEvents>> holds;
};

// One watcher's subscription to the commit stream (see Registry::Watch). Thread-safe; Next is
// meant to be called by one consumer at a time.
class EventWatch {
 public:
  virtual ~EventWatch() = default;

  // The next events after those already handed over: those of whole commits, about
  // `max_events` at most (a commit is never split, so one large commit may exceed it). An
  // empty batch means nothing is ready: on_ready runs when something is. Errors end the watch:
  //   OUT_OF_RANGE (REVISION_COMPACTED, metadata oldest_revision)  history needed is compacted;
  //   RESOURCE_EXHAUSTED (WATCHER_TOO_SLOW, metadata last_delivered_revision)  the watcher's
  //     queue overflowed while it did not take events;
  //   UNAVAILABLE  the registry is closing.
  // History (revisions committed before the watch) is read from storage by this call, so it
  // may read RocksDB; live events come from memory.
  virtual absl::StatusOr<EventBatch> Next(int max_events) = 0;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_EVENT_WATCH_H_
