#ifndef FANGXIN_SERVICES_FEED_FEED_CORE_H_
#define FANGXIN_SERVICES_FEED_FEED_CORE_H_

#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "fangxin/v1/event_service.pb.h"
#include "services/common/authz.h"
#include "services/common/division_directory.h"
#include "services/common/page_token.h"
#include "storage/registry.h"

namespace fangxin {

// A WatchEventsResponse in wire form, for a stream that writes bytes rather than messages:
// each event's wire form (storage::AppendFramedEvent) in order, then progress_revision. An
// event the watcher may see as committed is a view of its group's shared bytes, the same for
// every such watcher; one redacted for this watcher is serialized for it alone into `owned`.
// Owns everything `events` points into. Not thread-safe; immutable once filled.
struct WatchResponseBytes {
  std::vector<absl::string_view> events;  // Into holds' framed_events or into owned.
  int64_t progress_revision = 0;
  std::vector<std::shared_ptr<const storage::CommittedEvents>> holds;
  // A list: adding to it or moving it leaves each string, and so its bytes, in place; and an
  // empty one, the usual case, allocates nothing.
  std::list<std::string> owned;
};

// The rules of EventService without gRPC: request validation, the storage watch behind a
// WatchEvents stream, event pages, coverage from the commit path's counters, and the redaction
// of what a caller may not see. Every role may read the feed; merchants' contact data is
// cleared from events for callers that may not see it (CanSeeContact), and API key events are
// shown to admins only.
//
// Thread-safe; the registry, directory and codec are not owned and must outlive the core.
class FeedCore {
 public:
  FeedCore(storage::Registry* registry, const DivisionDirectory* divisions,
           const PageTokenCodec* tokens)
      : registry_(registry), divisions_(divisions), tokens_(tokens) {}

  // Validates `request` (INVALID_ARGUMENT listing every bad field) and starts its watch;
  // `on_ready` as for storage::Registry::Watch. Compaction and slowness errors come from the
  // watch's Next.
  absl::StatusOr<std::unique_ptr<storage::EventWatch>> StartWatch(
      const Principal& principal, const v1::WatchEventsRequest& request,
      std::function<void()> on_ready);

  // The response carrying `batch` (events redacted for `principal`).
  void FillResponse(const Principal& principal, const storage::EventBatch& batch,
                    v1::WatchEventsResponse* response) const;

  // The same response as FillResponse, in wire form: its bytes are those of FillResponse's
  // message serialized. Events that no rule redacts for `principal` are not copied or
  // serialized: their committed bytes (batch.framed) are used as they are; the others (and any
  // without committed bytes) are copied, redacted and serialized as FillResponse does. Takes
  // the batch's holds; *response is overwritten.
  void FillResponseBytes(const Principal& principal, storage::EventBatch batch,
                         WatchResponseBytes* response) const;

  // One page of retained events, whole commits only. OUT_OF_RANGE (REVISION_COMPACTED) when
  // from_revision or the page token's position was compacted.
  absl::StatusOr<v1::ListEventsResponse> ListEvents(const Principal& principal,
                                                    const v1::ListEventsRequest& request);

  // Counters of a division (city, county, township) or an area. NOT_FOUND when unknown.
  absl::StatusOr<v1::Coverage> GetCoverage(const Principal& principal,
                                           const v1::GetCoverageRequest& request);

  // The progress interval of a watch request, once validated.
  static int ProgressIntervalMs(const v1::WatchEventsRequest& request);

 private:
  // The storage filter of `filter`; its bad fields (under `path`) go to *violations.
  storage::WatchFilter ParseFilter(const v1::EventFilter& filter,
                                                   const std::string& path,
                                                   FieldViolations* violations) const;
  // Copies `event` into `out`, clearing merchant contact data the principal may not see.
  void CopyRedacted(const Principal& principal, const v1::Event& event, v1::Event* out) const;
  // True when CopyRedacted copies `event` unchanged for `principal`, whatever the resource's
  // content: it has no rule for the resource's type or the principal's role.
  static bool NeverRedacted(const Principal& principal, const v1::Event& event);

  storage::Registry* const registry_;
  const DivisionDirectory* const divisions_;
  const PageTokenCodec* const tokens_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_FEED_FEED_CORE_H_
