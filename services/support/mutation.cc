#include "services/support/mutation.h"

#include "absl/strings/numbers.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/common/page_token.h"

namespace fangxin {

storage::ChangeSet NewChangeSet(const Principal& principal, const char* method,
                                const google::protobuf::Message& request,
                                const std::string& request_id) {
  storage::ChangeSet change;
  change.actor.principal = principal.name;
  change.actor.role = principal.role;
  change.method = method;
  change.request_id = request_id;
  if (!request_id.empty()) change.request_digest = RequestDigest(request);
  return change;
}

absl::StatusOr<int64_t> ParseEtag(const std::string& etag, const char* field) {
  int64_t revision = 0;
  if (etag.empty()) return InvalidFieldError(field, "is required: send the etag you read");
  if (!absl::SimpleAtoi(etag, &revision) || revision <= 0) {
    return InvalidFieldError(field, "is not an etag issued by this server");
  }
  return revision;
}

void ApplyUpdateMask(const google::protobuf::Message& source,
                     const google::protobuf::FieldMask& mask, google::protobuf::Message* dest) {
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(source, mask, options, dest);
}

std::string NewResourceId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string bytes = RandomBytes(12);
  std::string id(12, 'a');
  id[0] = kAlphabet[static_cast<unsigned char>(bytes[0]) % 26];
  for (size_t i = 1; i < id.size(); ++i) {
    id[i] = kAlphabet[static_cast<unsigned char>(bytes[i]) % 36];
  }
  return id;
}

}  // namespace fangxin
