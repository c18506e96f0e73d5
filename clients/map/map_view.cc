#include "clients/map/map_view.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace fangxin::map {
namespace {

bool IsOpen(const v1::Store& store) { return store.state() == v1::STORE_STATE_OPEN; }

int64_t CommitTimeMs(const v1::Event& event) {
  return google::protobuf::util::TimeUtil::TimestampToMilliseconds(event.commit_time());
}

// The Change a store event makes, given the store before it (null when new).
std::string StoreChangeKind(const v1::Store* before, const v1::Store& after, v1::EventType type) {
  if (type == v1::EVENT_TYPE_DELETED) return "store_deleted";
  if (before == nullptr || type == v1::EVENT_TYPE_CREATED) return "store_created";
  if (IsOpen(*before) && !IsOpen(after)) return "store_closed";
  return "store_updated";
}

}  // namespace

MapView::MapView(Options options) : options_(std::move(options)) {}

void MapView::Reset(const Listing& listing) {
  absl::MutexLock lock(&mu_);
  divisions_.clear();
  stores_.clear();
  pledges_.clear();
  pledges_by_store_.clear();
  tombstones_.clear();
  for (const v1::Division& division : listing.divisions) ApplyDivisionLocked(division);
  for (const v1::Store& store : listing.stores) ApplyStoreLocked(store, store.mod_revision());
  for (const v1::Pledge& pledge : listing.pledges) {
    ApplyPledgeLocked(pledge, pledge.mod_revision());
  }
  RecountLocked();
  revision_ = listing.revision;
  ++generation_;
}

void MapView::ApplyEvents(absl::Span<const v1::Event> events) {
  absl::MutexLock lock(&mu_);
  bool divisions_changed = false;
  for (const v1::Event& event : events) ApplyEventLocked(event, &divisions_changed);
  if (divisions_changed) RecountLocked();
}

void MapView::ApplyEvents(const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  absl::MutexLock lock(&mu_);
  bool divisions_changed = false;
  for (const v1::Event& event : events) ApplyEventLocked(event, &divisions_changed);
  if (divisions_changed) RecountLocked();
}

void MapView::ApplyEventLocked(const v1::Event& event, bool* divisions_changed) {
  const int64_t revision = event.revision();
  if (revision > revision_) revision_ = revision;
  const bool deleted = event.type() == v1::EVENT_TYPE_DELETED;
  if (event.resource().Is<v1::Division>()) {
    v1::Division division;
    if (!event.resource().UnpackTo(&division)) return;
    if (deleted ? DeleteLocked(division.name(), revision) : ApplyDivisionLocked(division)) {
      *divisions_changed = true;
    }
  } else if (event.resource().Is<v1::Store>()) {
    v1::Store store;
    if (!event.resource().UnpackTo(&store)) return;
    auto it = stores_.find(store.name());
    const std::optional<v1::Store> before =
        it == stores_.end() ? std::nullopt : std::optional<v1::Store>(it->second.store);
    const bool applied =
        deleted ? DeleteLocked(store.name(), revision) : ApplyStoreLocked(store, revision);
    if (!applied) return;
    AddChangeLocked({revision, CommitTimeMs(event),
                     StoreChangeKind(before ? &*before : nullptr, store, event.type()),
                     store.name(), store.display_name(), store.division()});
  } else if (event.resource().Is<v1::Pledge>()) {
    v1::Pledge pledge;
    if (!event.resource().UnpackTo(&pledge)) return;
    const bool applied =
        deleted ? DeleteLocked(pledge.name(), revision) : ApplyPledgeLocked(pledge, revision);
    if (!applied || pledge.kind() != v1::PLEDGE_KIND_NO_REASON_RETURN) return;
    Change change{revision,
                  CommitTimeMs(event),
                  deleted
                      ? std::string("pledge_deleted")
                      : absl::StrCat("pledge_", PledgeStatusLabel(StatusOfState(pledge.state()))),
                  pledge.store(),
                  "",
                  pledge.division()};
    if (auto store = stores_.find(pledge.store()); store != stores_.end()) {
      change.store_display_name = store->second.store.display_name();
      change.division = store->second.store.division();
    }
    AddChangeLocked(std::move(change));
  }
}

void MapView::AdvanceTo(int64_t revision) {
  absl::MutexLock lock(&mu_);
  if (revision > revision_) revision_ = revision;
}

int64_t MapView::revision() const {
  absl::MutexLock lock(&mu_);
  return revision_;
}

int64_t MapView::generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

bool MapView::IsStaleLocked(const std::string& name, int64_t mod_revision) const {
  if (auto it = tombstones_.find(name); it != tombstones_.end() && it->second >= mod_revision) {
    return true;
  }
  if (auto it = stores_.find(name); it != stores_.end()) {
    return it->second.store.mod_revision() >= mod_revision;
  }
  if (auto it = pledges_.find(name); it != pledges_.end()) {
    return it->second.mod_revision >= mod_revision;
  }
  if (auto it = divisions_.find(name); it != divisions_.end()) {
    return it->second.mod_revision() >= mod_revision;
  }
  return false;
}

bool MapView::ApplyDivisionLocked(const v1::Division& division) {
  if (IsStaleLocked(division.name(), division.mod_revision())) return false;
  divisions_[division.name()] = division;
  return true;
}

bool MapView::ApplyStoreLocked(const v1::Store& store, int64_t revision) {
  if (IsStaleLocked(store.name(), store.mod_revision())) return false;
  auto [it, inserted] = stores_.try_emplace(store.name());
  StoreEntry& entry = it->second;
  if (!inserted) CountLocked(entry, -1);
  entry.store = store;
  entry.changed_revision = revision;
  // The pledges may have arrived first (a listing of pledges read after the stores).
  entry.status = StatusFromPledgesLocked(store.name());
  CountLocked(entry, +1);
  return true;
}

bool MapView::ApplyPledgeLocked(const v1::Pledge& pledge, int64_t revision) {
  if (IsStaleLocked(pledge.name(), pledge.mod_revision())) return false;
  PledgeEntry& entry = pledges_[pledge.name()];
  entry.store = pledge.store();
  entry.no_reason_return = pledge.kind() == v1::PLEDGE_KIND_NO_REASON_RETURN;
  entry.state = pledge.state();
  entry.mod_revision = pledge.mod_revision();
  pledges_by_store_[pledge.store()].insert(pledge.name());
  RefreshStatusLocked(pledge.store(), revision);
  return true;
}

bool MapView::DeleteLocked(const std::string& name, int64_t revision) {
  if (auto it = tombstones_.find(name); it != tombstones_.end() && it->second >= revision) {
    return false;
  }
  tombstones_[name] = revision;
  if (auto it = stores_.find(name); it != stores_.end()) {
    CountLocked(it->second, -1);
    stores_.erase(it);
    return true;
  }
  if (auto it = pledges_.find(name); it != pledges_.end()) {
    const std::string store = it->second.store;
    pledges_by_store_[store].erase(name);
    pledges_.erase(it);
    RefreshStatusLocked(store, revision);
    return true;
  }
  return divisions_.erase(name) > 0;
}

bool MapView::RefreshStatusLocked(const std::string& store_name, int64_t revision) {
  auto store = stores_.find(store_name);
  if (store == stores_.end()) return false;
  const PledgeStatus status = StatusFromPledgesLocked(store_name);
  if (status == store->second.status) return false;
  CountLocked(store->second, -1);
  store->second.status = status;
  store->second.changed_revision = std::max(store->second.changed_revision, revision);
  CountLocked(store->second, +1);
  return true;
}

PledgeStatus MapView::StatusFromPledgesLocked(const std::string& store_name) const {
  std::vector<v1::PledgeState> states;
  if (auto names = pledges_by_store_.find(store_name); names != pledges_by_store_.end()) {
    for (const std::string& name : names->second) {
      const PledgeEntry& pledge = pledges_.at(name);
      if (pledge.no_reason_return) states.push_back(pledge.state);
    }
  }
  return StoreStatus(states);
}

bool MapView::IsMainUrbanLocked(const v1::Store& store) const {
  if (!store.township().empty()) {
    if (auto it = divisions_.find(store.township()); it != divisions_.end()) {
      return it->second.main_urban();
    }
  }
  auto it = divisions_.find(store.division());
  return it != divisions_.end() && it->second.main_urban();
}

void MapView::CountLocked(const StoreEntry& entry, int sign) {
  if (!IsOpen(entry.store)) return;
  const int pledged = entry.status == PledgeStatus::kActive ? sign : 0;
  auto add = [&](CoverageCounts& counts) {
    counts.open_stores += sign;
    counts.pledged_stores += pledged;
  };
  add(city_);
  if (IsMainUrbanLocked(entry.store)) add(main_urban_);
  add(coverage_[entry.store.division()]);
  if (!entry.store.township().empty()) add(coverage_[entry.store.township()]);
}

void MapView::RecountLocked() {
  coverage_.clear();
  city_ = {};
  main_urban_ = {};
  for (const auto& [name, entry] : stores_) CountLocked(entry, +1);
}

void MapView::AddChangeLocked(Change change) {
  changes_.push_front(std::move(change));
  while (changes_.size() > options_.max_changes) changes_.pop_back();
}

StoreSnapshot MapView::Stores(const StoreFilter& filter) const {
  absl::MutexLock lock(&mu_);
  StoreSnapshot snapshot{{}, revision_, generation_};
  std::vector<StorePoint>& points = snapshot.stores;
  for (const auto& [name, entry] : stores_) {
    if (filter.changed_after > 0) {
      if (entry.changed_revision <= filter.changed_after) continue;
    } else if (!IsOpen(entry.store)) {
      continue;
    }
    if (!filter.division.empty() && entry.store.division() != filter.division &&
        entry.store.township() != filter.division) {
      continue;
    }
    if (!filter.area.empty() && entry.store.area() != filter.area) continue;
    if (filter.pledge_status && entry.status != *filter.pledge_status) continue;
    points.push_back({entry.store, entry.status, entry.changed_revision});
  }
  return snapshot;
}

size_t MapView::OpenStoreCount() const {
  absl::MutexLock lock(&mu_);
  return static_cast<size_t>(city_.open_stores);
}

std::optional<PledgeStatus> MapView::StatusOf(const std::string& store_name) const {
  absl::MutexLock lock(&mu_);
  auto it = stores_.find(store_name);
  if (it == stores_.end()) return std::nullopt;
  return it->second.status;
}

CoverageCounts MapView::CoverageOf(const std::string& division_name) const {
  absl::MutexLock lock(&mu_);
  auto it = coverage_.find(division_name);
  return it == coverage_.end() ? CoverageCounts{} : it->second;
}

CoverageCounts MapView::CityCoverage() const {
  absl::MutexLock lock(&mu_);
  return city_;
}

CoverageCounts MapView::MainUrbanCoverage() const {
  absl::MutexLock lock(&mu_);
  return main_urban_;
}

CoverageSnapshot MapView::Coverage() const {
  absl::MutexLock lock(&mu_);
  CoverageSnapshot snapshot{city_, main_urban_, {}, revision_, generation_};
  snapshot.divisions.reserve(divisions_.size());
  for (const auto& [name, division] : divisions_) {
    auto it = coverage_.find(name);
    snapshot.divisions.push_back({division, it == coverage_.end() ? CoverageCounts{} : it->second});
  }
  return snapshot;
}

ChangesSnapshot MapView::LatestChanges() const {
  absl::MutexLock lock(&mu_);
  return {{changes_.begin(), changes_.end()}, revision_, generation_};
}

}  // namespace fangxin::map
