#include "storage/request_record.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "fangxin/storage/v1/records.pb.h"

namespace fangxin::storage {

absl::Status RequestIdReusedError(absl::string_view request_id) {
  return ErrorWithReason(
      absl::StatusCode::kFailedPrecondition, "REQUEST_ID_REUSED",
      absl::StrCat("request id \"", request_id, "\" was already used for a different request"),
      {{"request_id", std::string(request_id)}});
}

absl::StatusOr<CommitResult> ReplayFromRecord(absl::string_view record_bytes,
                                              const Catalog& catalog, absl::string_view request_id,
                                              absl::string_view request_digest) {
  fangxin::storage::v1::RequestRecord record;
  if (!record.ParseFromArray(record_bytes.data(), static_cast<int>(record_bytes.size()))) {
    return absl::DataLossError(absl::StrCat("request record of ", request_id, " does not parse"));
  }
  if (record.request_digest() != request_digest) return RequestIdReusedError(request_id);
  const Catalog::Collection* collection = catalog.ForTypeUrl(record.response().type_url());
  if (collection == nullptr) {
    return absl::DataLossError(absl::StrCat(
        "request record of ", request_id, " holds an unknown type ", record.response().type_url()));
  }
  std::unique_ptr<google::protobuf::Message> resource =
      Catalog::Parse(*collection, record.response().value());
  if (resource == nullptr) {
    return absl::DataLossError(
        absl::StrCat("request record of ", request_id, " holds an unreadable resource"));
  }
  CommitResult result;
  result.revision = record.revision();
  result.resources.push_back(std::move(resource));
  result.replayed = true;
  result.first_stored = record.response().value();
  return result;
}

}  // namespace fangxin::storage
