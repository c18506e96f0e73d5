#include "storage/watch_hub.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace fangxin::storage {

bool WatchFilter::Matches(const fangxin::v1::Event& event,
                          const std::vector<std::string>& event_scopes) const {
  if (!collections.empty()) {
    const std::string& name = event.resource_name();
    // The collection of "merchants/x/stores/y" is its second-to-last segment.
    const size_t last = name.rfind('/');
    if (last == std::string::npos) return false;
    const size_t before = name.rfind('/', last - 1);
    const size_t start = before == std::string::npos ? 0 : before + 1;
    const std::string collection = name.substr(start, last - start);
    if (std::find(collections.begin(), collections.end(), collection) == collections.end()) {
      return false;
    }
  }
  for (const std::string& scope : scopes) {
    if (std::find(event_scopes.begin(), event_scopes.end(), scope) == event_scopes.end()) {
      return false;
    }
  }
  return true;
}

// One watcher's state, shared by the hub (which pushes) and the handle (which takes).
class WatchHub::Watcher {
 public:
  Watcher(int64_t next_revision, int64_t registered_at, WatchFilter filter,
          std::function<void()> on_ready)
      : filter_(std::move(filter)),
        on_ready_(std::move(on_ready)),
        next_revision_(next_revision),
        history_end_(registered_at),
        published_through_(registered_at) {}

  // Hub lock held. Returns true when on_ready must run (after the hub lock is released).
  bool Push(const std::shared_ptr<const CommittedEvents>& events, int max_queued)
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    if (!status_.ok()) return false;
    published_through_ = events->last_revision;
    queue_.push_back(events);
    queued_events_ += static_cast<int64_t>(events->events.size());
    if (queued_events_ > max_queued) {
      queue_.clear();
      queued_events_ = 0;
      if (next_revision_ <= history_end_) {
        // Still catching up from storage: instead of holding the live stream, read it from
        // storage too. Memory stays bounded and the watcher is not punished for its history.
        history_end_ = events->last_revision;
        return false;
      }
      status_ = ErrorWithReason(
          absl::StatusCode::kResourceExhausted, "WATCHER_TOO_SLOW",
          absl::StrCat("the watcher fell more than ", max_queued,
                       " events behind; resume from last_delivered_revision + 1"),
          {{"last_delivered_revision", absl::StrCat(next_revision_ - 1)}});
      cancelled_ = true;
    }
    return TakeArmed();
  }

  // Hub lock held.
  bool Close() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    if (status_.ok()) status_ = absl::UnavailableError("the registry is closing");
    queue_.clear();
    return TakeArmed();
  }

  absl::StatusOr<EventBatch> Next(const HistoryReader& history, int chunk, int max_events) {
    int64_t from;
    int64_t to;
    {
      absl::MutexLock lock(&mu_);
      if (!status_.ok()) return status_;
      if (next_revision_ > history_end_) return TakeLive(max_events);
      from = next_revision_;
      to = history_end_;
    }
    // History: read without the lock, so that Publish never waits for storage.
    absl::StatusOr<std::shared_ptr<const CommittedEvents>> read = history(from, to, chunk);
    absl::MutexLock lock(&mu_);
    if (!status_.ok()) return status_;
    if (!read.ok()) {
      status_ = read.status();
      return status_;
    }
    const CommittedEvents& events = **read;
    if (events.last_revision < from || events.first_revision != from) {
      status_ = absl::DataLossError(
          absl::StrCat("events of revisions ", from, "..", to, " are missing from storage"));
      return status_;
    }
    EventBatch batch;
    batch.holds.push_back(*read);
    for (size_t i = 0; i < events.events.size(); ++i) {
      if (filter_.Matches(events.events[i], events.scopes[i])) {
        batch.events.push_back(&events.events[i]);
        batch.framed.push_back(events.Framed(i));
      }
    }
    next_revision_ = events.last_revision + 1;
    batch.progress_revision = Progress();
    return batch;
  }

  bool cancelled() const {
    absl::MutexLock lock(&mu_);
    return cancelled_;
  }

  // Runs on_ready unless the handle is gone; Detach waits for a run in progress, so the
  // consumer it calls into is never destroyed under it.
  void Notify() ABSL_LOCKS_EXCLUDED(mu_) {
    {
      absl::MutexLock lock(&mu_);
      if (detached_) return;
      ++notifying_;
    }
    on_ready_();
    absl::MutexLock lock(&mu_);
    --notifying_;
  }

  void Detach() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    detached_ = true;
    mu_.Await(absl::Condition(
        +[](int* notifying) { return *notifying == 0; }, &notifying_));
  }

 private:
  absl::StatusOr<EventBatch> TakeLive(int max_events) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    EventBatch batch;
    while (!queue_.empty() && static_cast<int>(batch.events.size()) < max_events) {
      std::shared_ptr<const CommittedEvents> group = std::move(queue_.front());
      queue_.pop_front();
      queued_events_ -= static_cast<int64_t>(group->events.size());
      if (group->last_revision < next_revision_) continue;  // Already read from history.
      for (size_t i = 0; i < group->events.size(); ++i) {
        const fangxin::v1::Event& event = group->events[i];
        if (event.revision() < next_revision_) continue;
        if (filter_.Matches(event, group->scopes[i])) {
          batch.events.push_back(&event);
          batch.framed.push_back(group->Framed(i));
        }
      }
      next_revision_ = group->last_revision + 1;
      batch.holds.push_back(std::move(group));
    }
    batch.progress_revision = Progress();
    if (queue_.empty()) armed_ = true;
    return batch;
  }

  // A watch asked to start in the future reports progress only up to what was committed.
  int64_t Progress() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return std::min(next_revision_ - 1, published_through_);
  }

  bool TakeArmed() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const bool armed = armed_;
    armed_ = false;
    return armed;
  }

  // Fixed at construction.
  const WatchFilter filter_;
  std::function<void()> on_ready_;

  mutable absl::Mutex mu_;
  // The next revision to hand over.
  int64_t next_revision_ ABSL_GUARDED_BY(mu_);
  // Revisions up to this one come from storage; later ones from queue_.
  int64_t history_end_ ABSL_GUARDED_BY(mu_);
  int64_t published_through_ ABSL_GUARDED_BY(mu_);
  std::deque<std::shared_ptr<const CommittedEvents>> queue_ ABSL_GUARDED_BY(mu_);
  int64_t queued_events_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  // True when the consumer is waiting for on_ready (its last Next found nothing).
  bool armed_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool detached_ ABSL_GUARDED_BY(mu_) = false;
  int notifying_ ABSL_GUARDED_BY(mu_) = 0;
};

namespace {

class WatchHandle final : public EventWatch {
 public:
  WatchHandle(std::shared_ptr<void> watcher, std::function<absl::StatusOr<EventBatch>(int)> next,
              std::function<void()> unregister)
      : watcher_(std::move(watcher)), next_(std::move(next)), unregister_(std::move(unregister)) {}
  ~WatchHandle() override { unregister_(); }

  absl::StatusOr<EventBatch> Next(int max_events) override { return next_(max_events); }

 private:
  std::shared_ptr<void> watcher_;
  std::function<absl::StatusOr<EventBatch>(int)> next_;
  std::function<void()> unregister_;
};

}  // namespace

WatchHub::WatchHub(HistoryReader history, const Options& options, int64_t current_revision)
    : history_(std::move(history)), options_(options), published_revision_(current_revision) {}

WatchHub::~WatchHub() { Close(); }

std::unique_ptr<EventWatch> WatchHub::Watch(int64_t from_revision, WatchFilter filter,
                                            std::function<void()> on_ready) {
  std::shared_ptr<Watcher> watcher;
  {
    absl::MutexLock lock(&mu_);
    const int64_t registered_at = published_revision_;
    const int64_t next = from_revision <= 0 ? registered_at + 1 : from_revision;
    watcher = std::make_shared<Watcher>(next, registered_at, std::move(filter),
                                        std::move(on_ready));
    if (closed_) {
      watcher->Close();
    } else {
      watchers_.push_back(watcher);
    }
  }
  Watcher* raw = watcher.get();
  const HistoryReader* history = &history_;
  const int chunk = options_.history_chunk_commits;
  return std::make_unique<WatchHandle>(
      watcher,
      [raw, history, chunk](int max_events) { return raw->Next(*history, chunk, max_events); },
      [this, raw] { Unregister(raw); });
}

void WatchHub::Unregister(Watcher* watcher) {
  watcher->Detach();
  absl::MutexLock lock(&mu_);
  auto it = std::find_if(watchers_.begin(), watchers_.end(),
                         [watcher](const auto& w) { return w.get() == watcher; });
  if (it == watchers_.end()) return;
  if ((*it)->cancelled()) ++cancelled_;
  *it = std::move(watchers_.back());
  watchers_.pop_back();
}

void WatchHub::Publish(std::shared_ptr<const CommittedEvents> events) {
  std::vector<std::shared_ptr<Watcher>> notify;
  {
    absl::MutexLock lock(&mu_);
    published_revision_ = events->last_revision;
    for (const std::shared_ptr<Watcher>& w : watchers_) {
      if (w->Push(events, options_.max_queued_events)) notify.push_back(w);
    }
  }
  for (const std::shared_ptr<Watcher>& w : notify) w->Notify();
}

void WatchHub::Close() {
  std::vector<std::shared_ptr<Watcher>> notify;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    for (const std::shared_ptr<Watcher>& w : watchers_) {
      if (w->Close()) notify.push_back(w);
    }
  }
  for (const std::shared_ptr<Watcher>& w : notify) w->Notify();
}

int WatchHub::watcher_count() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(watchers_.size());
}

int64_t WatchHub::cancelled_watchers() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

}  // namespace fangxin::storage
