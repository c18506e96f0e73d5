#ifndef FANGXIN_CLIENTS_SDK_UNARY_CALLER_H_
#define FANGXIN_CLIENTS_SDK_UNARY_CALLER_H_

// Internal to the SDK: what every per-service gRPC connection shares — a fresh ClientContext per
// attempt with the call's deadline and the bearer token, and retries by the options' policy.

#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/sdk/client_options.h"
#include "clients/sdk/request_id.h"
#include "clients/sdk/retry_loop.h"
#include "common/grpc_status.h"
#include "grpcpp/client_context.h"

namespace fangxin::sdk::internal {

// Fills an empty token from $FANGXIN_TOKEN and refuses inconsistent retry or timeout settings
// (INVALID_ARGUMENT). Every Make*Connection calls it first.
absl::Status PrepareOptions(ClientOptions* options);

// Thread-safe; neither copyable nor movable (its retry environment points back at it).
class UnaryCaller {
 public:
  explicit UnaryCaller(const ClientOptions& options);
  UnaryCaller(const UnaryCaller&) = delete;
  UnaryCaller& operator=(const UnaryCaller&) = delete;

  // Runs `rpc(context, request, response)` until it succeeds, fails for good, or the deadline
  // (now + options.timeout, shared by all attempts) passes. Every fangxin call is idempotent:
  // reads by nature, mutations by their request_id.
  template <typename Response, typename Request, typename Rpc>
  absl::StatusOr<Response> Call(const Request& request, Rpc rpc) {
    const absl::Time deadline = absl::Now() + timeout_;
    std::function<absl::StatusOr<Response>(int)> attempt = [&](int) -> absl::StatusOr<Response> {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(deadline));
      if (!token_.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
      Response response;
      grpc::Status status = rpc(&context, request, &response);
      if (!status.ok()) return FromGrpcStatus(status);
      return response;
    };
    return RetryLoop<Response>(policy_, Idempotency::kIdempotent, deadline, env_, attempt);
  }

 private:
  // Fixed after construction.
  const absl::Duration timeout_;
  const std::string token_;
  const RetryPolicy policy_;
  RetryEnv env_;

  absl::Mutex mu_;
  absl::BitGen gen_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fangxin::sdk::internal

// The whole of a unary method of a gRPC connection class whose members are `caller_` (a
// UnaryCaller) and `stub_` (the service's stub): a read, or a mutation that gets a fresh request
// id when the caller gave none, so its retries are safe.
#define FANGXIN_SDK_READ(Method, Request, Response)                                               \
  absl::StatusOr<v1::Response> Method(const v1::Request& request) override {                      \
    return caller_.Call<v1::Response>(                                                            \
        request, [this](auto* c, const auto& r, auto* out) { return stub_->Method(c, r, out); }); \
  }
#define FANGXIN_SDK_MUTATE(Method, Request, Response)                                             \
  absl::StatusOr<v1::Response> Method(const v1::Request& request) override {                      \
    v1::Request with_id = request;                                                                \
    if (with_id.request_id().empty()) with_id.set_request_id(MakeRequestId());                    \
    return caller_.Call<v1::Response>(                                                            \
        with_id, [this](auto* c, const auto& r, auto* out) { return stub_->Method(c, r, out); }); \
  }

#endif  // FANGXIN_CLIENTS_SDK_UNARY_CALLER_H_
