#include "services/common/page_token.h"

#include <initializer_list>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace fangxin {
namespace {

constexpr size_t kMacBytes = 32;

std::string SerializeDeterministic(const google::protobuf::Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }  // The coded stream flushes into `out` when it goes away.
  return out;
}

// SHA-256 over the type name, a NUL, and the serialization of `message` with `fields` cleared.
std::string DigestWithout(const google::protobuf::Message& message,
                          std::initializer_list<absl::string_view> fields) {
  std::unique_ptr<google::protobuf::Message> copy(message.New());
  copy->CopyFrom(message);
  const google::protobuf::Reflection* reflection = copy->GetReflection();
  for (absl::string_view field : fields) {
    const google::protobuf::FieldDescriptor* fd =
        copy->GetDescriptor()->FindFieldByName(std::string(field));
    if (fd != nullptr) reflection->ClearField(copy.get(), fd);
  }
  return Sha256(absl::StrCat(copy->GetDescriptor()->full_name(), std::string(1, '\0'),
                             SerializeDeterministic(*copy)));
}

absl::Status Malformed() {
  return InvalidFieldError("page_token", "is malformed or was not issued by this server");
}

}  // namespace

PageTokenCodec::PageTokenCodec(std::string secret) : secret_(std::move(secret)) {}

std::string PageTokenCodec::Encode(const storage::v1::PageTokenPayload& payload) const {
  std::string bytes = SerializeDeterministic(payload);
  std::string mac = HmacSha256(secret_, bytes);
  std::string token;
  absl::WebSafeBase64Escape(absl::StrCat(bytes, mac), &token);
  return token;
}

absl::StatusOr<storage::v1::PageTokenPayload> PageTokenCodec::Decode(
    absl::string_view token, absl::string_view expected_filter_digest) const {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return Malformed();
  // Base64 has spare bits (and absl tolerates padding), so several strings decode to the same
  // bytes. Accept only the one Encode produces: then no edit of a token is ever accepted.
  std::string canonical;
  absl::WebSafeBase64Escape(raw, &canonical);
  if (canonical != token) return Malformed();
  if (raw.size() < kMacBytes) return Malformed();
  absl::string_view bytes = absl::string_view(raw).substr(0, raw.size() - kMacBytes);
  absl::string_view mac = absl::string_view(raw).substr(raw.size() - kMacBytes);
  if (!ConstantTimeEquals(HmacSha256(secret_, bytes), mac)) return Malformed();
  storage::v1::PageTokenPayload payload;
  if (!payload.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return Malformed();
  if (payload.filter_digest() != expected_filter_digest) {
    return InvalidFieldError("page_token", "was issued for a different filter");
  }
  return payload;
}

std::string FilterDigest(const google::protobuf::Message& list_request) {
  return DigestWithout(list_request, {"page_size", "page_token"});
}

std::string RequestDigest(const google::protobuf::Message& request) {
  return DigestWithout(request, {"request_id"});
}

}  // namespace fangxin
