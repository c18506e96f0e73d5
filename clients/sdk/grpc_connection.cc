// The gRPC implementation of Connection (see MakeConnection in connection.h).

#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/sdk/connection.h"
#include "clients/sdk/request_id.h"
#include "clients/sdk/channel.h"
#include "clients/sdk/retry_loop.h"
#include "common/grpc_status.h"
#include "fangxin/v1/key_service.grpc.pb.h"
#include "fangxin/v1/merchant_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace fangxin::sdk {
namespace {

using internal::Idempotency;
using internal::RetryLoop;


absl::Status ValidateOptions(const ClientOptions& options) {
  if (options.max_attempts < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("ClientOptions.max_attempts must be at least 1, got ", options.max_attempts));
  }
  if (options.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("ClientOptions.timeout must be positive");
  }
  if (options.initial_backoff < absl::ZeroDuration() ||
      options.max_backoff < options.initial_backoff) {
    return absl::InvalidArgumentError(
        "ClientOptions backoff: need 0 <= initial_backoff <= max_backoff");
  }
  if (!(options.backoff_multiplier >= 1.0)) {
    return absl::InvalidArgumentError("ClientOptions.backoff_multiplier must be at least 1");
  }
  if (!options.channel && options.endpoint.empty()) {
    return absl::InvalidArgumentError("ClientOptions.endpoint is empty");
  }
  return absl::OkStatus();
}

class GrpcConnection final : public Connection {
 public:
  GrpcConnection(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
      : timeout_(options.timeout),
        token_(options.token),
        policy_{options.max_attempts, options.initial_backoff, options.max_backoff,
                options.backoff_multiplier},
        channel_(std::move(channel)),
        merchants_(v1::MerchantService::NewStub(channel_)),
        keys_(v1::KeyService::NewStub(channel_)) {
    env_.delay = [this](int retry) {
      absl::MutexLock lock(&mu_);
      return internal::BackoffDelay(policy_, retry, gen_);
    };
  }

  // --- MerchantService ------------------------------------------------------------------------
  absl::StatusOr<v1::ListDivisionsResponse> ListDivisions(
      const v1::ListDivisionsRequest& request) override {
    return Read<v1::ListDivisionsResponse>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->ListDivisions(c, r, out);
    });
  }
  absl::StatusOr<v1::Division> GetDivision(const v1::GetDivisionRequest& request) override {
    return Read<v1::Division>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->GetDivision(c, r, out);
    });
  }
  absl::StatusOr<v1::Merchant> CreateMerchant(const v1::CreateMerchantRequest& request) override {
    return Mutate<v1::Merchant>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->CreateMerchant(c, r, out);
    });
  }
  absl::StatusOr<v1::Merchant> GetMerchant(const v1::GetMerchantRequest& request) override {
    return Read<v1::Merchant>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->GetMerchant(c, r, out);
    });
  }
  absl::StatusOr<v1::ListMerchantsResponse> ListMerchants(
      const v1::ListMerchantsRequest& request) override {
    return Read<v1::ListMerchantsResponse>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->ListMerchants(c, r, out);
    });
  }
  absl::StatusOr<v1::Merchant> UpdateMerchant(const v1::UpdateMerchantRequest& request) override {
    return Mutate<v1::Merchant>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->UpdateMerchant(c, r, out);
    });
  }
  absl::StatusOr<v1::Merchant> CloseMerchant(const v1::CloseMerchantRequest& request) override {
    return Mutate<v1::Merchant>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->CloseMerchant(c, r, out);
    });
  }
  absl::StatusOr<v1::Store> CreateStore(const v1::CreateStoreRequest& request) override {
    return Mutate<v1::Store>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->CreateStore(c, r, out);
    });
  }
  absl::StatusOr<v1::Store> GetStore(const v1::GetStoreRequest& request) override {
    return Read<v1::Store>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->GetStore(c, r, out);
    });
  }
  absl::StatusOr<v1::ListStoresResponse> ListStores(
      const v1::ListStoresRequest& request) override {
    return Read<v1::ListStoresResponse>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->ListStores(c, r, out);
    });
  }
  absl::StatusOr<v1::Store> UpdateStore(const v1::UpdateStoreRequest& request) override {
    return Mutate<v1::Store>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->UpdateStore(c, r, out);
    });
  }
  absl::StatusOr<v1::Store> CloseStore(const v1::CloseStoreRequest& request) override {
    return Mutate<v1::Store>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->CloseStore(c, r, out);
    });
  }
  absl::StatusOr<v1::ImportStoresResponse> ImportStores(
      const std::vector<v1::ImportStoresRequest>& rows) override;
  absl::StatusOr<v1::Area> CreateArea(const v1::CreateAreaRequest& request) override {
    return Mutate<v1::Area>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->CreateArea(c, r, out);
    });
  }
  absl::StatusOr<v1::Area> GetArea(const v1::GetAreaRequest& request) override {
    return Read<v1::Area>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->GetArea(c, r, out);
    });
  }
  absl::StatusOr<v1::ListAreasResponse> ListAreas(const v1::ListAreasRequest& request) override {
    return Read<v1::ListAreasResponse>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->ListAreas(c, r, out);
    });
  }
  absl::StatusOr<v1::Area> UpdateArea(const v1::UpdateAreaRequest& request) override {
    return Mutate<v1::Area>(request, [this](auto* c, const auto& r, auto* out) {
      return merchants_->UpdateArea(c, r, out);
    });
  }

  // --- KeyService -----------------------------------------------------------------------------
  absl::StatusOr<v1::CreateKeyResponse> CreateKey(const v1::CreateKeyRequest& request) override {
    return Mutate<v1::CreateKeyResponse>(request, [this](auto* c, const auto& r, auto* out) {
      return keys_->CreateKey(c, r, out);
    });
  }
  absl::StatusOr<v1::ApiKey> GetKey(const v1::GetKeyRequest& request) override {
    return Read<v1::ApiKey>(request, [this](auto* c, const auto& r, auto* out) {
      return keys_->GetKey(c, r, out);
    });
  }
  absl::StatusOr<v1::ListKeysResponse> ListKeys(const v1::ListKeysRequest& request) override {
    return Read<v1::ListKeysResponse>(request, [this](auto* c, const auto& r, auto* out) {
      return keys_->ListKeys(c, r, out);
    });
  }
  absl::StatusOr<v1::ApiKey> RevokeKey(const v1::RevokeKeyRequest& request) override {
    return Mutate<v1::ApiKey>(request, [this](auto* c, const auto& r, auto* out) {
      return keys_->RevokeKey(c, r, out);
    });
  }

 private:
  // A context for one attempt: the call's deadline and the bearer token.
  std::unique_ptr<grpc::ClientContext> MakeContext(absl::Time deadline) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(deadline));
    if (!token_.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    return context;
  }

  // Runs a unary call under the retry policy. `rpc(context, request, response)` is the stub call.
  template <typename Response, typename Request, typename Rpc>
  absl::StatusOr<Response> Call(const Request& request, Idempotency idempotency, Rpc rpc) {
    const absl::Time deadline = absl::Now() + timeout_;
    std::function<absl::StatusOr<Response>(int)> attempt =
        [&](int) -> absl::StatusOr<Response> {
      std::unique_ptr<grpc::ClientContext> context = MakeContext(deadline);
      Response response;
      grpc::Status status = rpc(context.get(), request, &response);
      if (!status.ok()) return FromGrpcStatus(status);
      return response;
    };
    return RetryLoop<Response>(policy_, idempotency, deadline, env_, attempt);
  }

  template <typename Response, typename Request, typename Rpc>
  absl::StatusOr<Response> Read(const Request& request, Rpc rpc) {
    return Call<Response>(request, Idempotency::kIdempotent, std::move(rpc));
  }

  // A mutation is sent with a request_id (the caller's, or a new one reused on every attempt),
  // which is what makes retrying it safe.
  template <typename Response, typename Request, typename Rpc>
  absl::StatusOr<Response> Mutate(const Request& request, Rpc rpc) {
    if (!request.request_id().empty()) {
      return Call<Response>(request, Idempotency::kIdempotent, std::move(rpc));
    }
    Request with_id = request;
    with_id.set_request_id(MakeRequestId());
    return Call<Response>(with_id, Idempotency::kIdempotent, std::move(rpc));
  }

  // Fixed after construction.
  const absl::Duration timeout_;
  const std::string token_;
  const internal::RetryPolicy policy_;
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<v1::MerchantService::Stub> merchants_;
  const std::unique_ptr<v1::KeyService::Stub> keys_;
  internal::RetryEnv env_;

  absl::Mutex mu_;
  absl::BitGen gen_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<v1::ImportStoresResponse> GrpcConnection::ImportStores(
    const std::vector<v1::ImportStoresRequest>& rows) {
  // Every row needs an id before the first attempt: a stream that breaks may have committed
  // some of its rows, and re-sending them must not create those stores again.
  std::vector<v1::ImportStoresRequest> with_ids;
  const std::vector<v1::ImportStoresRequest>* to_send = &rows;
  for (const v1::ImportStoresRequest& row : rows) {
    if (!row.request_id().empty()) continue;
    with_ids = rows;
    for (v1::ImportStoresRequest& r : with_ids) {
      if (r.request_id().empty()) r.set_request_id(MakeRequestId());
    }
    to_send = &with_ids;
    break;
  }
  const absl::Time deadline = absl::Now() + timeout_;
  std::function<absl::StatusOr<v1::ImportStoresResponse>(int)> attempt =
      [&](int) -> absl::StatusOr<v1::ImportStoresResponse> {
    std::unique_ptr<grpc::ClientContext> context = MakeContext(deadline);
    v1::ImportStoresResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::ImportStoresRequest>> writer =
        merchants_->ImportStores(context.get(), &response);
    for (const v1::ImportStoresRequest& row : *to_send) {
      // A failed write means the stream is broken; Finish() says why.
      if (!writer->Write(row)) break;
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (!status.ok()) return FromGrpcStatus(status);
    return response;
  };
  return RetryLoop<v1::ImportStoresResponse>(policy_, Idempotency::kIdempotent, deadline, env_,
                                             attempt);
}

}  // namespace

absl::StatusOr<std::shared_ptr<Connection>> MakeConnection(ClientOptions options) {
  if (options.token.empty()) {
    if (const char* env = std::getenv("FANGXIN_TOKEN"); env != nullptr) options.token = env;
  }
  if (absl::Status status = ValidateOptions(options); !status.ok()) return status;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::shared_ptr<Connection>(std::make_shared<GrpcConnection>(options, *channel));
}

}  // namespace fangxin::sdk
