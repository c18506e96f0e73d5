#include "common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"

namespace fangxin {

absl::Status FieldViolations::ToStatus() const {
  if (list_.empty()) return absl::OkStatus();
  return InvalidArgumentError(list_);
}

absl::Status InvalidArgumentError(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest detail;
  std::vector<std::string> parts;
  for (const FieldViolation& v : violations) {
    auto* fv = detail.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::StrCat("invalid request: ", absl::StrJoin(parts, "; ")));
  status.SetPayload(kBadRequestUrl, absl::Cord(detail.SerializeAsString()));
  return status;
}

absl::Status InvalidFieldError(absl::string_view field, absl::string_view description) {
  return InvalidArgumentError({{std::string(field), std::string(description)}});
}

absl::Status ErrorWithReason(absl::StatusCode code, absl::string_view reason,
                             absl::string_view message,
                             const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  for (const auto& [k, v] : metadata) (*info.mutable_metadata())[k] = v;
  absl::Status status(code, message);
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

namespace {

absl::Status ResourceError(absl::StatusCode code, absl::string_view resource_type,
                           absl::string_view name, absl::string_view what) {
  google::rpc::ResourceInfo info;
  info.set_resource_type(std::string(resource_type));
  info.set_resource_name(std::string(name));
  absl::Status status(code, absl::StrCat(resource_type, " ", name, " ", what));
  status.SetPayload(kResourceInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

}  // namespace

absl::Status NotFoundError(absl::string_view resource_type, absl::string_view name) {
  return ResourceError(absl::StatusCode::kNotFound, resource_type, name, "not found");
}

absl::Status AlreadyExistsError(absl::string_view resource_type, absl::string_view name) {
  return ResourceError(absl::StatusCode::kAlreadyExists, resource_type, name, "already exists");
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestUrl);
  if (!payload) return out;
  google::rpc::BadRequest detail;
  if (!detail.ParseFromString(std::string(*payload))) return out;
  for (const auto& fv : detail.field_violations()) out.push_back({fv.field(), fv.description()});
  return out;
}

namespace {

// The status's google.rpc.ErrorInfo detail, or an empty one.
google::rpc::ErrorInfo ErrorInfoOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  auto payload = status.GetPayload(kErrorInfoUrl);
  if (payload && !info.ParseFromString(std::string(*payload))) info.Clear();
  return info;
}

}  // namespace

std::string ErrorReasonOf(const absl::Status& status) { return ErrorInfoOf(status).reason(); }

std::string ErrorMetadataOf(const absl::Status& status, absl::string_view key) {
  const google::rpc::ErrorInfo info = ErrorInfoOf(status);
  auto it = info.metadata().find(std::string(key));
  return it == info.metadata().end() ? "" : it->second;
}

}  // namespace fangxin
