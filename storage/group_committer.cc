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
                               int64_t last_revision, int64_t oldest_revision)
    : db_(db),
      options_(options),
      max_group_(options.sync == SyncPolicy::kEach
                     ? 1
                     : static_cast<size_t>(std::max(1, options.max_group_size))),
      builder_(db, catalog, options.audit_tree.get()),
      last_revision_(last_revision),
      current_revision_(last_revision),
      oldest_revision_(oldest_revision),
      thread_([this] { Run(); }) {}

GroupCommitter::~GroupCommitter() { Shutdown(); }

void GroupCommitter::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    work_.Signal();
  }
  if (thread_.joinable()) thread_.join();
  replier_.Shutdown();
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
    int64_t forced_oldest = 0;
    {
      absl::MutexLock lock(&mu_);
      while (queue_.empty() && !stopping_ && compact_request_ == 0) work_.Wait(&mu_);
      forced_oldest = std::exchange(compact_request_, 0);
      // Stopping, and everything queued is done.
      if (queue_.empty() && forced_oldest == 0) return;
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
    if (!group_.empty()) RunGroup(failed);
    group_.clear();
    MaybeCompact(options_.clock->Now(), forced_oldest);
  }
}

absl::Status GroupCommitter::CompactEvents(int64_t oldest_revision) {
  absl::MutexLock call(&compact_call_mu_);
  absl::MutexLock lock(&mu_);
  if (stopping_ || failed_) return absl::UnavailableError("registry is closing or failed");
  compact_request_ = std::max<int64_t>(oldest_revision, 1);
  compact_done_ = false;
  work_.Signal();
  mu_.Await(absl::Condition(&compact_done_));
  return compact_status_;
}

void GroupCommitter::MaybeCompact(absl::Time now, int64_t forced_oldest) {
  const int64_t oldest = oldest_revision_.load(std::memory_order_relaxed);
  bool failed;
  {
    absl::MutexLock lock(&mu_);
    failed = failed_;
  }
  if (forced_oldest > 0) {
    const int64_t target = std::min(forced_oldest, last_revision_ + 1);
    absl::Status status = failed ? absl::UnavailableError("registry storage failed")
                          : target > oldest ? WriteCompaction(target)
                                            : absl::OkStatus();
    absl::MutexLock lock(&mu_);
    compact_status_ = std::move(status);
    compact_done_ = true;
    return;
  }
  if (failed || now - last_compaction_check_ < options_.compaction_interval) return;
  last_compaction_check_ = now;
  absl::StatusOr<int64_t> chosen = ChooseOldestRevision(
      options_.retention, oldest, last_revision_, now,
      [this](int64_t revision) { return ReadCommitTime(db_, revision); });
  // A failed read is retried at the next check; the events simply stay a while longer.
  if (chosen.ok() && *chosen > oldest) WriteCompaction(*chosen).IgnoreError();
}

absl::Status GroupCommitter::WriteCompaction(int64_t new_oldest) {
  rocksdb::WriteBatch batch;
  StageCompaction(new_oldest, &batch);
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync != SyncPolicy::kNone;
  rocksdb::Status s = db_->Write(write_options, &batch);
  if (!s.ok()) {
    absl::MutexLock lock(&mu_);
    failed_ = true;
    return absl::UnavailableError(absl::StrCat("compacting events failed: ", s.ToString()));
  }
  oldest_revision_.store(new_oldest, std::memory_order_release);
  return absl::OkStatus();
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
      if (options_.hub != nullptr) options_.hub->Publish(builder_.TakeEvents());
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
    replies_.push_back(CommitReplier::Reply{std::move(group_[i].done), std::move(result)});
  }
  replier_.Hand(replies_);
}

}  // namespace fangxin::storage
