#ifndef FANGXIN_STORAGE_REQUEST_RECORD_H_
#define FANGXIN_STORAGE_REQUEST_RECORD_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "storage/catalog.h"
#include "storage/registry.h"

namespace fangxin::storage {

// FAILED_PRECONDITION (reason REQUEST_ID_REUSED): `request_id` was committed for a request
// with another digest.
absl::Status RequestIdReusedError(absl::string_view request_id);

// What a retry of a committed request gets back, from the RequestRecord stored for it:
// the first commit's revision and first resource, replayed = true. REQUEST_ID_REUSED if
// `request_digest` differs from the recorded one; DATA_LOSS if the record is unreadable.
absl::StatusOr<CommitResult> ReplayFromRecord(absl::string_view record_bytes,
                                              const Catalog& catalog, absl::string_view request_id,
                                              absl::string_view request_digest);

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_REQUEST_RECORD_H_
