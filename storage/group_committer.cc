#include "storage/group_committer.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace fangxin::storage {
namespace {

void RaiseTo(std::atomic<int64_t>& max, int64_t value) {
  int64_t seen = max.load(std::memory_order_relaxed);
  while (seen < value && !max.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

GroupCommitter::GroupCommitter(rocksdb::DB* db, const Catalog* catalog, const Options& options,
                               int64_t last_revision)
    : db_(db),
      options_(options),
      max_group_(options.sync == SyncPolicy::kEach
                     ? 1
                     : static_cast<size_t>(std::max(1, options.max_group_size))),
      builder_(db, catalog),
      last_revision_(last_revision),
      current_revision_(last_revision),
      thread_([this] { Run(); }) {}

GroupCommitter::~GroupCommitter() { Shutdown(); }

void GroupCommitter::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    work_.Signal();
  }
  if (thread_.joinable()) thread_.join();
}

void GroupCommitter::Commit(ChangeSet change, CommitCallback done) {
  bool failed;
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_ && !failed_) {
      queue_.push_back(Pending{std::move(change), std::move(done)});
      work_.Signal();
      return;
    }
    failed = failed_;
  }
  refusals_.fetch_add(1, std::memory_order_relaxed);
  done(absl::UnavailableError(failed ? "registry storage failed; it must be reopened"
                                     : "registry is closing"));
}

RegistryStats GroupCommitter::Stats() const {
  RegistryStats stats;
  stats.commits = commits_.load(std::memory_order_relaxed);
  stats.replays = replays_.load(std::memory_order_relaxed);
  stats.refusals = refusals_.load(std::memory_order_relaxed);
  stats.groups = groups_.load(std::memory_order_relaxed);
  stats.syncs = syncs_.load(std::memory_order_relaxed);
  stats.largest_group = largest_group_.load(std::memory_order_relaxed);
  return stats;
}

void GroupCommitter::Run() {
  while (true) {
    bool failed;
    {
      absl::MutexLock lock(&mu_);
      while (queue_.empty() && !stopping_) work_.Wait(&mu_);
      if (queue_.empty()) return;  // Stopping, and everything queued is done.
      if (queue_.size() <= max_group_) {
        // Swapping keeps both vectors' capacity: no allocation in the steady state.
        std::swap(queue_, group_);
      } else {
        auto end = queue_.begin() + static_cast<std::ptrdiff_t>(max_group_);
        group_.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
        queue_.erase(queue_.begin(), end);
      }
      failed = failed_;
    }
    RunGroup(failed);
    group_.clear();
  }
}

bool GroupCommitter::BuildGroup() {
  builder_.BeginGroup(last_revision_ + 1, options_.clock->Now());
  for (Pending& pending : group_) results_.push_back(builder_.Add(pending.change));
  return builder_.FinishGroup();
}

void GroupCommitter::RunGroup(bool failed) {
  results_.clear();
  if (failed) {
    results_.assign(group_.size(),
                    absl::UnavailableError("registry storage failed; it must be reopened"));
  } else if (BuildGroup()) {
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync != SyncPolicy::kNone;
    rocksdb::Status s = db_->Write(write_options, builder_.batch());
    groups_.fetch_add(1, std::memory_order_relaxed);
    if (write_options.sync) syncs_.fetch_add(1, std::memory_order_relaxed);
    if (s.ok()) {
      last_revision_ = builder_.last_revision();
      current_revision_.store(last_revision_, std::memory_order_release);
    } else {
      // The revisions the group assigned are not used: last_revision_ stays where it was.
      absl::Status error =
          absl::UnavailableError(absl::StrCat("registry storage failed: ", s.ToString()));
      for (auto& result : results_) result = error;
      absl::MutexLock lock(&mu_);
      failed_ = true;
    }
  }

  RaiseTo(largest_group_, static_cast<int64_t>(group_.size()));
  for (size_t i = 0; i < group_.size(); ++i) {
    absl::StatusOr<CommitResult>& result = results_[i];
    if (!result.ok()) {
      refusals_.fetch_add(1, std::memory_order_relaxed);
    } else if (result->replayed) {
      replays_.fetch_add(1, std::memory_order_relaxed);
    } else {
      commits_.fetch_add(1, std::memory_order_relaxed);
    }
    group_[i].done(std::move(result));
  }
}

}  // namespace fangxin::storage
