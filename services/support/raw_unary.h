#ifndef FANGXIN_SERVICES_SUPPORT_RAW_UNARY_H_
#define FANGXIN_SERVICES_SUPPORT_RAW_UNARY_H_

// UnaryRead and UnaryMutate for methods registered as raw callback methods (request and response are
// grpc::ByteBuffer): the read returns a resource's stored bytes, and they go to the wire as
// they are. A stored record is the deterministic serialization of the resource a Get returns
// (storage/commit_builder.cc stamps and serializes it), so parsing it only to serialize it again
// costs two passes of UTF-8 checks and copies for nothing. Use this only where the read's answer
// is exactly such a record; anything to redact or add needs the typed UnaryRead.

#include <limits>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "google/protobuf/message_lite.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/slice.h"
#include "services/support/authenticator.h"
#include "services/support/mutation.h"
#include "services/support/unary.h"

namespace fangxin {

// Parses a raw request into `request`. INVALID_ARGUMENT naming the request's type when the bytes
// are not one.
inline absl::Status ParseRawRequest(const grpc::ByteBuffer& buffer,
                                    google::protobuf::MessageLite* request) {
  grpc::Slice slice;
  // A small request arrives as one slice: parse it in place. Otherwise join the slices.
  const bool readable =
      (buffer.TrySingleSlice(&slice).ok() || buffer.DumpToSingleSlice(&slice).ok()) &&
      slice.size() <= static_cast<size_t>(std::numeric_limits<int>::max());
  if (!readable || !request->ParseFromArray(slice.begin(), static_cast<int>(slice.size()))) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request is not a valid ", request->GetTypeName()));
  }
  return absl::OkStatus();
}

// A response buffer holding `bytes` without copying them: the one slice owns the string. (Against
// grpc::Slice's copy, this saved about 200 instructions per 1 KiB record under callgrind.)
inline grpc::ByteBuffer StoredBytesBuffer(std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  grpc::Slice slice(owned->data(), owned->size(),
                    [](void* string) { delete static_cast<std::string*>(string); }, owned);
  return grpc::ByteBuffer(&slice, 1);
}

// A raw method's first steps, in the order gRPC and UnaryRead take them for a typed method:
// the request parsed into `request`, then the caller authenticated.
inline absl::StatusOr<Principal> ParseAndAuthenticate(const Authenticator& auth,
                                                      const grpc::CallbackServerContext& ctx,
                                                      const grpc::ByteBuffer& request_buffer,
                                                      google::protobuf::MessageLite* request) {
  if (absl::Status parsed = ParseRawRequest(request_buffer, request); !parsed.ok()) {
    return parsed;
  }
  return AuthenticateCall(auth, ctx);
}

// The whole of a raw read method: parse the request, authenticate like UnaryRead, call
// `read(principal, request)`, which returns absl::StatusOr<std::string> (the stored bytes of
// the response message), and send those bytes as the response.
template <typename Request, typename ReadFn>
grpc::ServerUnaryReactor* UnaryReadStored(const Authenticator& auth,
                                          grpc::CallbackServerContext* ctx,
                                          const grpc::ByteBuffer& request_buffer,
                                          grpc::ByteBuffer* response_buffer, ReadFn&& read) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  Request request;
  absl::StatusOr<Principal> principal =
      ParseAndAuthenticate(auth, *ctx, request_buffer, &request);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  absl::StatusOr<std::string> stored = read(*principal, request);
  if (stored.ok()) {
    grpc::ByteBuffer buffer = StoredBytesBuffer(*std::move(stored));
    response_buffer->Swap(&buffer);
  }
  reactor->Finish(ToGrpcStatus(stored.status()));
  return reactor;
}

// UnaryMutate for a raw method whose answer is the committed resource as stored (Response is
// its message type): parse the request, authenticate, call `mutate(principal, request,
// Reply<StoredBytes<Response>>)`, and send the bytes the commit stored, which are already the
// response's serialization. `mutate` must not keep a reference to the request once it returns
// (mutations copy what they commit).
template <typename Request, typename Response, typename MutateFn>
grpc::ServerUnaryReactor* UnaryMutateStored(const Authenticator& auth,
                                            grpc::CallbackServerContext* ctx,
                                            const grpc::ByteBuffer& request_buffer,
                                            grpc::ByteBuffer* response_buffer, MutateFn&& mutate) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  Request request;
  absl::StatusOr<Principal> principal =
      ParseAndAuthenticate(auth, *ctx, request_buffer, &request);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  mutate(*principal, request,
         Reply<StoredBytes<Response>>(
             [reactor, response_buffer](absl::StatusOr<StoredBytes<Response>> result) {
               if (result.ok()) {
                 grpc::ByteBuffer buffer = StoredBytesBuffer(std::move(result->bytes));
                 response_buffer->Swap(&buffer);
               }
               reactor->Finish(ToGrpcStatus(result.status()));
             }));
  return reactor;
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_RAW_UNARY_H_
