#ifndef FANGXIN_STORAGE_EVENT_WATCH_H_
#define FANGXIN_STORAGE_EVENT_WATCH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fangxin/v1/event.pb.h"
#include "google/protobuf/io/coded_stream.h"

namespace fangxin::storage {

// The events of consecutive whole commits, as the committer built them, with the places
// (CollectionSpec::scopes) of each event's resource and the event's wire form computed once for
// all watchers. Immutable once published; shared by every watcher.
struct CommittedEvents {
  int64_t first_revision = 0;
  int64_t last_revision = 0;  // Every revision in [first, last] is here, with all its events.
  std::vector<fangxin::v1::Event> events;        // Revision order, then index order.
  std::vector<std::vector<std::string>> scopes;  // scopes[i] for events[i].

  // The wire form of each event as an element of WatchEventsResponse.events (field 1: tag,
  // length, then the Event's serialized bytes), back to back in one buffer, so that a watch
  // stream can write the same bytes to every watcher allowed to see the event unredacted
  // instead of serializing it once per watcher. framed_ends[i] is where events[i]'s ends.
  // Filled by the group's builder from bytes it already has (the committer's serialization,
  // the stored value of a history read); a group built without it (framed_ends.size() !=
  // events.size()) leaves consumers to serialize the events themselves.
  std::string framed_events;
  std::vector<size_t> framed_ends;

  // Appends the wire form of the event whose serialized bytes are `event_bytes`; call once per
  // event, in the order of `events`.
  void AppendFramed(absl::string_view event_bytes);
  // events[i]'s wire form; empty when the group was built without it.
  absl::string_view Framed(size_t i) const;
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
  // framed[i] is events[i]'s wire form (CommittedEvents::Framed), empty when its group has
  // none. Points into `holds`.
  std::vector<absl::string_view> framed;
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

// Appends to *out the wire form of an event whose serialized bytes are `event_bytes`, as an
// element of WatchEventsResponse.events: field 1's tag (length-delimited), the length as a
// varint, the bytes.
inline void AppendFramedEvent(absl::string_view event_bytes, std::string* out) {
  constexpr char kEventsFieldTag = (1 << 3) | 2;
  char length[5];  // A varint of 32 bits takes at most 5 bytes.
  const char* length_end =
      reinterpret_cast<char*>(google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
          static_cast<uint32_t>(event_bytes.size()), reinterpret_cast<uint8_t*>(length)));
  out->push_back(kEventsFieldTag);
  out->append(length, static_cast<size_t>(length_end - length));
  out->append(event_bytes.data(), event_bytes.size());
}

inline void CommittedEvents::AppendFramed(absl::string_view event_bytes) {
  AppendFramedEvent(event_bytes, &framed_events);
  framed_ends.push_back(framed_events.size());
}

inline absl::string_view CommittedEvents::Framed(size_t i) const {
  if (framed_ends.size() != events.size()) return {};
  const size_t begin = i == 0 ? 0 : framed_ends[i - 1];
  return absl::string_view(framed_events).substr(begin, framed_ends[i] - begin);
}

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_EVENT_WATCH_H_
