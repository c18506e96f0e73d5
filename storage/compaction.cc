#include "storage/compaction.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "fangxin/v1/audit.pb.h"
#include "storage/keys.h"
#include "storage/rocksdb_util.h"

namespace fangxin::storage {

absl::StatusOr<int64_t> ChooseOldestRevision(
    const RetentionPolicy& policy, int64_t oldest, int64_t current, absl::Time now,
    const std::function<absl::StatusOr<absl::Time>(int64_t)>& commit_time) {
  oldest = std::max<int64_t>(oldest, 1);
  const int64_t limit = current - std::max<int64_t>(policy.min_revisions, 1) + 1;
  if (limit <= oldest) return oldest;
  const absl::Time cutoff = now - policy.retention;
  // The first revision in [oldest, limit] committed at or after the cutoff; limit if none.
  int64_t lo = oldest;
  int64_t hi = limit;
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    ASSIGN_OR_RETURN(const absl::Time time, commit_time(mid));
    if (time >= cutoff) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

void StageCompaction(int64_t new_oldest, rocksdb::WriteBatch* batch) {
  batch->DeleteRange(ToSlice(keys::kEventSpace), keys::EventPrefix(new_oldest));
  batch->Put(ToSlice(kOldestRevisionKey), keys::EncodeRevision(new_oldest));
}

absl::StatusOr<int64_t> ReadOldestRevision(rocksdb::DB* db, const rocksdb::ReadOptions& options) {
  std::string value;
  rocksdb::Status s = db->Get(options, ToSlice(kOldestRevisionKey), &value);
  if (s.IsNotFound()) return 1;
  RETURN_IF_ERROR(FromRocksDb(s, "reading the oldest revision"));
  int64_t revision = 0;
  if (!keys::DecodeRevision(value, &revision)) {
    return absl::DataLossError(absl::StrCat("malformed ", kOldestRevisionKey, ": ", value));
  }
  return revision;
}

absl::StatusOr<absl::Time> ReadCommitTime(rocksdb::DB* db, int64_t revision) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), keys::Audit(revision), &value);
  RETURN_IF_ERROR(FromRocksDb(s, absl::StrCat("reading the audit entry of revision ", revision)));
  fangxin::v1::AuditEntry entry;
  if (!entry.ParseFromString(value)) {
    return absl::DataLossError(absl::StrCat("audit entry ", revision, " is unreadable"));
  }
  return absl::FromUnixSeconds(entry.commit_time().seconds()) +
         absl::Nanoseconds(entry.commit_time().nanos());
}

absl::Status RevisionCompactedError(int64_t requested, int64_t oldest) {
  return ErrorWithReason(
      absl::StatusCode::kOutOfRange, "REVISION_COMPACTED",
      absl::StrCat("revision ", requested, " is compacted; the oldest retained revision is ",
                   oldest, ": re-list, then watch from the list's read_revision + 1"),
      {{"oldest_revision", absl::StrCat(oldest)}});
}

}  // namespace fangxin::storage
