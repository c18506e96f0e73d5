#ifndef FANGXIN_SERVICES_SUPPORT_UNARY_H_
#define FANGXIN_SERVICES_SUPPORT_UNARY_H_

// The whole of a thin gRPC adapter method: authenticate, call the core, convert the status.
// Reads run on the gRPC thread (RocksDB point reads and bounded scans); mutations hand the
// commit to the committer and finish the reactor from its completion, so no gRPC thread ever
// waits for an fsync.

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/grpc_status.h"
#include "grpcpp/grpcpp.h"
#include "services/support/authenticator.h"
#include "services/support/mutation.h"

namespace fangxin {

// The caller's principal from the call's metadata.
inline absl::StatusOr<Principal> AuthenticateCall(const Authenticator& auth,
                                                  const grpc::CallbackServerContext& ctx) {
  const auto& md = ctx.client_metadata();
  auto it = md.find("authorization");
  absl::string_view value;
  if (it != md.end()) value = absl::string_view(it->second.data(), it->second.size());
  // gRPC puts a client certificate's subject CN in the auth context only after the TLS
  // handshake verified the certificate against the server's client CA.
  std::string certificate_name;
  if (auto context = ctx.auth_context(); context != nullptr) {
    for (const grpc::string_ref& cn : context->FindPropertyValues("x509_common_name")) {
      certificate_name.assign(cn.data(), cn.size());
    }
  }
  return auth.Authenticate(CallCredentials(value, certificate_name));
}

// `read(principal)` returns absl::StatusOr<Response>.
template <typename Response, typename ReadFn>
grpc::ServerUnaryReactor* UnaryRead(const Authenticator& auth, grpc::CallbackServerContext* ctx,
                                    Response* response, ReadFn&& read) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<Principal> principal = AuthenticateCall(auth, *ctx);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  absl::StatusOr<Response> result = read(*principal);
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

// `mutate(principal, Reply<Response>)` validates and commits asynchronously.
template <typename Response, typename MutateFn>
grpc::ServerUnaryReactor* UnaryMutate(const Authenticator& auth,
                                      grpc::CallbackServerContext* ctx, Response* response,
                                      MutateFn&& mutate) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<Principal> principal = AuthenticateCall(auth, *ctx);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  mutate(*principal, Reply<Response>([reactor, response](absl::StatusOr<Response> result) {
           if (result.ok()) *response = *std::move(result);
           reactor->Finish(ToGrpcStatus(result.status()));
         }));
  return reactor;
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_UNARY_H_
