#ifndef FANGXIN_COMMON_ERRORS_H_
#define FANGXIN_COMMON_ERRORS_H_

// Errors with machine-readable details. Inside fangxin an error is an absl::Status whose
// payloads carry google.rpc details (BadRequest, ErrorInfo, ResourceInfo) under their standard
// type URLs; ToGrpcStatus (services/common/grpc_status.h) is the one place that turns them into
// a grpc::Status with `grpc-status-details-bin`.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace fangxin {

inline constexpr char kErrorDomain[] = "fangxin.v1";
inline constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr char kResourceInfoUrl[] = "type.googleapis.com/google.rpc.ResourceInfo";

struct FieldViolation {
  std::string field;        // Path in the request, e.g. "store.location.latitude".
  std::string description;  // The rule broken, e.g. "must be between -90 and 90".
};

// Collects every bad field of a request, so one INVALID_ARGUMENT names them all.
class FieldViolations {
 public:
  void Add(std::string field, std::string description) {
    list_.push_back({std::move(field), std::move(description)});
  }
  bool empty() const { return list_.empty(); }
  const std::vector<FieldViolation>& list() const { return list_; }
  // OK when empty; otherwise INVALID_ARGUMENT with a BadRequest detail listing every violation.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> list_;
};

// INVALID_ARGUMENT with a BadRequest detail. The message lists the fields too, for humans.
absl::Status InvalidArgumentError(const std::vector<FieldViolation>& violations);
// INVALID_ARGUMENT for a single field.
absl::Status InvalidFieldError(absl::string_view field, absl::string_view description);

// A status of `code` with an ErrorInfo detail (domain fangxin.v1) whose `reason` is an
// UPPER_SNAKE_CASE constant clients can switch on, e.g. MERCHANT_CLOSED.
absl::Status ErrorWithReason(absl::StatusCode code, absl::string_view reason,
                             absl::string_view message,
                             const std::map<std::string, std::string>& metadata = {});

// NOT_FOUND naming the resource (ResourceInfo detail).
absl::Status NotFoundError(absl::string_view resource_type, absl::string_view name);
// ALREADY_EXISTS naming the resource (ResourceInfo detail).
absl::Status AlreadyExistsError(absl::string_view resource_type, absl::string_view name);

// Details read back from a status (empty when absent).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);
std::string ErrorReasonOf(const absl::Status& status);
// The ErrorInfo metadata value under `key`, or "" when absent.
std::string ErrorMetadataOf(const absl::Status& status, absl::string_view key);

}  // namespace fangxin

#endif  // FANGXIN_COMMON_ERRORS_H_
