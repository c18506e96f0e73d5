#ifndef FANGXIN_SERVICES_SUPPORT_RAW_UNARY_H_
#define FANGXIN_SERVICES_SUPPORT_RAW_UNARY_H_

// UnaryRead and UnaryMutate for methods registered as raw callback methods (request and
// response are grpc::ByteBuffer): the answer is a resource's stored bytes, and they go to the
// wire as they are. A stored record is the deterministic serialization of the resource a Get returns
// (storage/commit_builder.cc stamps and serializes it), so parsing it only to serialize it again
// costs two passes of UTF-8 checks and copies for nothing. Use this only where the read's answer
// is exactly such a record; anything to redact or add needs the typed UnaryRead.

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "google/protobuf/message_lite.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/slice.h"
#include "services/support/authenticator.h"
#include "services/support/mutation.h"
#include "services/support/unary.h"

namespace fangxin {

// Parses a raw method's request into `request`, in place over the buffer's slices, as gRPC does
// for a typed method. INVALID_ARGUMENT with a violation of field `request` naming the expected
// type when the bytes are not one.
inline absl::Status ParseRawRequest(const grpc::ByteBuffer& buffer,
                                    google::protobuf::MessageLite* request) {
  grpc::ByteBuffer readable(buffer);  // The reader needs a mutable buffer; this copies no bytes.
  grpc::ProtoBufferReader reader(&readable);
  if (!reader.status().ok() || !request->ParseFromZeroCopyStream(&reader)) {
    return InvalidFieldError("request", absl::StrCat("is not a serialized ",
                                                     request->GetTypeName()));
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

// The frame of every raw unary method, in the order gRPC and UnaryRead take the steps for a
// typed one: parse the request, authenticate, then `answer(principal, request, finish)`, where
// `finish(absl::StatusOr<std::string> bytes)` sends the response's serialized bytes as they are
// (or the error) and ends the call, now or later. `answer` must not keep a reference to the
// request once it returns.
template <typename Request, typename AnswerFn>
grpc::ServerUnaryReactor* RawUnary(const Authenticator& auth, grpc::CallbackServerContext* ctx,
                                   const grpc::ByteBuffer& request_buffer,
                                   grpc::ByteBuffer* response_buffer, AnswerFn&& answer) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  auto finish = [reactor, response_buffer](absl::StatusOr<std::string> bytes) {
    if (bytes.ok()) {
      grpc::ByteBuffer buffer = StoredBytesBuffer(*std::move(bytes));
      response_buffer->Swap(&buffer);
    }
    reactor->Finish(ToGrpcStatus(bytes.status()));
  };
  Request request;
  if (absl::Status parsed = ParseRawRequest(request_buffer, &request); !parsed.ok()) {
    finish(parsed);
    return reactor;
  }
  absl::StatusOr<Principal> principal = AuthenticateCall(auth, *ctx);
  if (!principal.ok()) {
    finish(principal.status());
    return reactor;
  }
  answer(*principal, request, std::move(finish));
  return reactor;
}

// The whole of a raw read method: `read(principal, request)` returns absl::StatusOr<std::string>,
// the stored bytes of the response message, and they are sent as the response.
template <typename Request, typename ReadFn>
grpc::ServerUnaryReactor* UnaryReadStored(const Authenticator& auth,
                                          grpc::CallbackServerContext* ctx,
                                          const grpc::ByteBuffer& request_buffer,
                                          grpc::ByteBuffer* response_buffer, ReadFn&& read) {
  return RawUnary<Request>(auth, ctx, request_buffer, response_buffer,
                           [&read](const Principal& principal, const Request& request,
                                   auto finish) { finish(read(principal, request)); });
}

// UnaryMutate for a raw method whose answer is the committed resource as stored (Response is
// its message type): `mutate(principal, request, Reply<StoredBytes<Response>>)` commits, and
// the bytes the commit stored, already the response's serialization, are sent. `mutate` must
// not keep a reference to the request once it returns (mutations copy what they commit).
template <typename Request, typename Response, typename MutateFn>
grpc::ServerUnaryReactor* UnaryMutateStored(const Authenticator& auth,
                                            grpc::CallbackServerContext* ctx,
                                            const grpc::ByteBuffer& request_buffer,
                                            grpc::ByteBuffer* response_buffer, MutateFn&& mutate) {
  return RawUnary<Request>(
      auth, ctx, request_buffer, response_buffer,
      [&mutate](const Principal& principal, const Request& request, auto finish) {
        mutate(principal, request,
               Reply<StoredBytes<Response>>(
                   [finish = std::move(finish)](absl::StatusOr<StoredBytes<Response>> result) {
                     if (!result.ok()) return finish(result.status());
                     finish(std::move(result->bytes));
                   }));
      });
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_RAW_UNARY_H_
