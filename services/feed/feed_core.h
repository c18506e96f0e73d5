#ifndef FANGXIN_SERVICES_FEED_FEED_CORE_H_
#define FANGXIN_SERVICES_FEED_FEED_CORE_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "common/errors.h"
#include "fangxin/v1/event_service.pb.h"
#include "services/common/authz.h"
#include "services/common/division_directory.h"
#include "services/common/page_token.h"
#include "storage/registry.h"

namespace fangxin {

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

  storage::Registry* const registry_;
  const DivisionDirectory* const divisions_;
  const PageTokenCodec* const tokens_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_FEED_FEED_CORE_H_
