#include "storage/registry.h"

#include <utility>

#include "absl/synchronization/notification.h"
#include "storage/rocksdb_registry.h"

namespace fangxin::storage {

absl::StatusOr<std::unique_ptr<Registry>> Registry::Open(const RegistryOptions& options,
                                                         const Schema* schema) {
  absl::StatusOr<std::unique_ptr<RocksDbRegistry>> registry =
      RocksDbRegistry::Open(options, schema);
  if (!registry.ok()) return registry.status();
  return std::unique_ptr<Registry>(std::move(registry).value());
}

absl::StatusOr<CommitResult> Registry::CommitAndWait(ChangeSet change) {
  absl::Notification done;
  absl::StatusOr<CommitResult> result;
  Commit(std::move(change), [&](absl::StatusOr<CommitResult> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

}  // namespace fangxin::storage
