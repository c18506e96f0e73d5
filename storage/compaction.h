#ifndef FANGXIN_STORAGE_COMPACTION_H_
#define FANGXIN_STORAGE_COMPACTION_H_

// Event compaction: events older than the retention period are removed, but never so many that
// fewer than a minimum number of revisions remain. Only events go: audit entries are leaves of
// the audit log and stay. The committer (the one writer) stages the removal as one RocksDB
// DeleteRange plus the new m/oldest_revision mark in a batch of its own.

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace fangxin::storage {

inline constexpr absl::string_view kOldestRevisionKey = "m/oldest_revision";

struct RetentionPolicy {
  // Events committed longer ago than this may be removed. Default 7 days.
  absl::Duration retention = absl::Hours(24 * 7);
  // The newest this many revisions are always kept, however old. Default 100,000 (more than a
  // day of the city's writes), so a consumer that was down for a while can still resume.
  int64_t min_revisions = 100000;
};

// The oldest revision whose events must be kept, given the current oldest and newest revisions
// and `commit_time(r)` (the commit time of revision r, oldest <= r <= current). Never less than
// `oldest`; never more than current - min_revisions + 1. Commit times are taken as
// non-decreasing in revision order (one committer stamps them in order). Pure but for
// commit_time.
absl::StatusOr<int64_t> ChooseOldestRevision(
    const RetentionPolicy& policy, int64_t oldest, int64_t current, absl::Time now,
    const std::function<absl::StatusOr<absl::Time>(int64_t)>& commit_time);

// Stages the removal of every event below `new_oldest` and the new mark.
void StageCompaction(int64_t new_oldest, rocksdb::WriteBatch* batch);

// m/oldest_revision: the oldest revision whose events are kept (1 when nothing was compacted).
absl::StatusOr<int64_t> ReadOldestRevision(rocksdb::DB* db, const rocksdb::ReadOptions& options);

// The commit time of `revision`, from its audit entry (audit entries are never compacted).
absl::StatusOr<absl::Time> ReadCommitTime(rocksdb::DB* db, int64_t revision);

// OUT_OF_RANGE, reason REVISION_COMPACTED, metadata oldest_revision: what every reader of
// compacted history gets.
absl::Status RevisionCompactedError(int64_t requested, int64_t oldest);

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_COMPACTION_H_
