#ifndef FANGXIN_CLIENTS_MAP_MAP_VIEW_H_
#define FANGXIN_CLIENTS_MAP_MAP_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "clients/map/pledge_status.h"
#include "fangxin/v1/event.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace fangxin::map {

// Stores, pledges and divisions read by one consistent listing: the starting point of a view.
struct Listing {
  std::vector<v1::Division> divisions;
  std::vector<v1::Store> stores;
  std::vector<v1::Pledge> pledges;
  // The lowest read_revision of the listings: every change up to it is in them, and a watch
  // from revision + 1 misses nothing (changes the listings already hold are ignored).
  int64_t revision = 0;
};

// Open stores and those of them with an ACTIVE no-reason-return pledge.
struct CoverageCounts {
  int64_t open_stores = 0;
  int64_t pledged_stores = 0;
  // pledged_stores / open_stores; 0 without open stores.
  double ratio() const {
    return open_stores == 0 ? 0.0 : static_cast<double>(pledged_stores) / open_stores;
  }
  friend bool operator==(const CoverageCounts& a, const CoverageCounts& b) {
    return a.open_stores == b.open_stores && a.pledged_stores == b.pledged_stores;
  }
};

// One store as the map draws it.
struct StorePoint {
  v1::Store store;
  PledgeStatus pledge_status = PledgeStatus::kNone;
  // Revision of the last change to the store or to one of its pledges: what a page that has
  // seen revision N compares against to fetch only what changed after N.
  int64_t changed_revision = 0;
};

// Which stores MapView::Stores returns. Empty fields match everything.
struct StoreFilter {
  // `divisions/{code}`: the store's county-level division or its township.
  std::string division;
  // `areas/{id}`.
  std::string area;
  std::optional<PledgeStatus> pledge_status;
  // Only stores whose changed_revision is greater (closed ones included, so a page can remove
  // them). 0: all, closed stores left out.
  int64_t changed_after = 0;
};

// A line of the "latest changes" panel: one event the view applied.
struct Change {
  int64_t revision = 0;
  // Unix milliseconds of the commit.
  int64_t commit_time_ms = 0;
  // What happened, e.g. "store_created", "store_closed", "store_updated",
  // "pledge_active", "pledge_suspended" (pledge_ + the pledge's new PledgeStatusLabel).
  std::string what;
  std::string store;               // `merchants/{uscc}/stores/{id}`
  std::string store_display_name;  // empty when the store is not (yet) known
  std::string division;            // the store's county-level division
};

// Coverage of one division, for the page's labelled circles.
struct DivisionCoverage {
  v1::Division division;
  CoverageCounts counts;
};

// What one read of the view returns, with the revision and generation it was read at (a page
// asks for changes after that revision next time, and reloads when the generation moves).
struct StoreSnapshot {
  std::vector<StorePoint> stores;  // ordered by name
  int64_t revision = 0;
  int64_t generation = 0;
};
struct CoverageSnapshot {
  CoverageCounts city;
  CoverageCounts main_urban;
  std::vector<DivisionCoverage> divisions;  // every known division, ordered by name
  int64_t revision = 0;
  int64_t generation = 0;
};
struct ChangesSnapshot {
  std::vector<Change> changes;  // newest first
  int64_t revision = 0;
  int64_t generation = 0;
};

// The cloud map's in-memory model: stores with the status of their pledges, coverage of every
// division and of the main urban area, and the latest changes.
//
// Changes are applied by mod_revision, as DESIGN.md's "list, then watch" requires: a resource
// replaces what the view holds only when its mod_revision is newer, so a listing followed by a
// watch that overlaps it, or a watch resumed from an earlier revision, ends exactly in sync.
// Deletions leave a tombstone for the same reason.
//
// A store counts towards the coverage of its county-level division, its township (when set),
// the city, and the main urban area when its township (or, without one, its county) is
// main-urban. Only OPEN stores count; a store is pledged when one of its no-reason-return
// pledges is ACTIVE.
//
// Thread-safe: every method may be called from any thread.
class MapView {
 public:
  struct Options {
    // Length of the latest-changes list. Default 20.
    size_t max_changes = 20;
  };

  MapView() : MapView(Options()) {}
  explicit MapView(Options options);

  MapView(const MapView&) = delete;
  MapView& operator=(const MapView&) = delete;

  // Replaces everything with `listing` (after a first start or a compaction) and starts a new
  // generation, so a page knows to reload instead of patching. The change list is kept.
  void Reset(const Listing& listing);

  // Applies the events of one or more whole commits, in revision order. Events whose resource
  // is not a division, store or pledge are skipped, as are resources the view already holds at
  // the same or a newer mod_revision. Each applied store or pledge event becomes a Change.
  void ApplyEvents(absl::Span<const v1::Event> events);
  void ApplyEvents(const google::protobuf::RepeatedPtrField<v1::Event>& events);

  // Every revision up to `revision` has been applied (a watch's progress notification).
  void AdvanceTo(int64_t revision);

  // The newest revision applied or listed.
  int64_t revision() const;
  // Incremented by each Reset.
  int64_t generation() const;

  // Stores matching `filter`.
  StoreSnapshot Stores(const StoreFilter& filter) const;
  CoverageSnapshot Coverage() const;
  // The latest changes, at most Options::max_changes.
  ChangesSnapshot LatestChanges() const;

  // Number of open stores drawn (all divisions).
  size_t OpenStoreCount() const;
  // nullopt when the store is unknown.
  std::optional<PledgeStatus> StatusOf(const std::string& store_name) const;

  // Coverage of a division by name (`divisions/{code}`); zero counts for an unknown one.
  CoverageCounts CoverageOf(const std::string& division_name) const;
  CoverageCounts CityCoverage() const;
  CoverageCounts MainUrbanCoverage() const;

 private:
  struct PledgeEntry {
    std::string store;
    bool no_reason_return = false;
    v1::PledgeState state = v1::PLEDGE_STATE_UNSPECIFIED;
    int64_t mod_revision = 0;
  };
  struct StoreEntry {
    v1::Store store;
    PledgeStatus status = PledgeStatus::kNone;
    int64_t changed_revision = 0;
  };

  // Applies one event; sets *divisions_changed when a division changed.
  void ApplyEventLocked(const v1::Event& event, bool* divisions_changed)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Each returns whether the view changed.
  bool ApplyDivisionLocked(const v1::Division& division) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool ApplyStoreLocked(const v1::Store& store, int64_t revision)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool ApplyPledgeLocked(const v1::Pledge& pledge, int64_t revision)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool DeleteLocked(const std::string& name, int64_t revision) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Whether a resource at `mod_revision` is older than what the view holds or deleted.
  bool IsStaleLocked(const std::string& name, int64_t mod_revision) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Recomputes a store's pledge status from its pledges; returns whether it changed.
  bool RefreshStatusLocked(const std::string& store_name, int64_t revision)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  PledgeStatus StatusFromPledgesLocked(const std::string& store_name) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Adds (sign +1) or removes (-1) a store's contribution to the coverage counters.
  void CountLocked(const StoreEntry& entry, int sign) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Rebuilds every counter (after a division's main_urban flag or parent changed).
  void RecountLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool IsMainUrbanLocked(const v1::Store& store) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AddChangeLocked(Change change) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Fixed after construction.
  const Options options_;

  mutable absl::Mutex mu_;
  int64_t revision_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, v1::Division> divisions_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, StoreEntry> stores_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, PledgeEntry> pledges_ ABSL_GUARDED_BY(mu_);
  // Pledge names by store name; a pledge may arrive before its store.
  std::map<std::string, std::set<std::string>> pledges_by_store_ ABSL_GUARDED_BY(mu_);
  // Revision of the deletion of each deleted resource, so an older copy does not come back.
  std::map<std::string, int64_t> tombstones_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, CoverageCounts> coverage_ ABSL_GUARDED_BY(mu_);
  CoverageCounts city_ ABSL_GUARDED_BY(mu_);
  CoverageCounts main_urban_ ABSL_GUARDED_BY(mu_);
  // Newest first.
  std::deque<Change> changes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_MAP_VIEW_H_
