#include "clients/sdk/event_client.h"

#include <algorithm>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/sdk/channel.h"
#include "clients/sdk/retry_loop.h"
#include "clients/sdk/unary_caller.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "grpcpp/create_channel.h"

namespace fangxin::sdk {
namespace {

// Worth reconnecting for: the server or network asks to try again, or the server cut this
// watcher off for being slow (it may keep up after a fresh start).
bool Resumable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         (status.code() == absl::StatusCode::kResourceExhausted &&
          ErrorReasonOf(status) == "WATCHER_TOO_SLOW") ||
         status.code() == absl::StatusCode::kDeadlineExceeded;
}

}  // namespace

absl::StatusOr<EventClient> EventClient::Make(ClientOptions options) {
  if (absl::Status s = internal::PrepareOptions(&options); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return EventClient(std::move(options), *std::move(channel));
}

EventClient::EventClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
    : options_(std::move(options)),
      stub_(v1::EventService::NewStub(channel)),
      shared_(std::make_shared<Shared>()) {}

std::unique_ptr<grpc::ClientContext> EventClient::Context(bool streaming) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!options_.token.empty()) {
    ctx->AddMetadata("authorization", absl::StrCat("Bearer ", options_.token));
  }
  if (!streaming) ctx->set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
  return ctx;
}

absl::Status EventClient::Watch(
    v1::WatchEventsRequest request,
    const std::function<bool(const v1::WatchEventsResponse&)>& on_response) {
  internal::RetryPolicy policy;
  policy.max_attempts = options_.max_attempts;
  policy.initial_backoff = options_.initial_backoff;
  policy.max_backoff = options_.max_backoff;
  policy.multiplier = options_.backoff_multiplier;
  absl::BitGen gen;
  int failures = 0;
  while (true) {
    std::unique_ptr<grpc::ClientContext> ctx = Context(/*streaming=*/true);
    {
      absl::MutexLock lock(&shared_->mu);
      if (shared_->cancelled) return absl::CancelledError("the watch was cancelled");
      shared_->active = ctx.get();
    }
    auto reader = stub_->WatchEvents(ctx.get(), request);
    v1::WatchEventsResponse response;
    bool delivered = false;
    bool stop = false;
    while (!stop && reader->Read(&response)) {
      delivered = true;
      // Resume point: after the last revision handed over or covered by progress.
      int64_t next = request.from_revision();
      for (const v1::Event& e : response.events()) next = std::max(next, e.revision() + 1);
      next = std::max(next, response.progress_revision() + 1);
      request.set_from_revision(next);
      if (!on_response(response)) {
        stop = true;
        ctx->TryCancel();
      }
    }
    absl::Status status = FromGrpcStatus(reader->Finish());
    {
      absl::MutexLock lock(&shared_->mu);
      shared_->active = nullptr;
      if (shared_->cancelled && !stop) return absl::CancelledError("the watch was cancelled");
    }
    if (stop) return absl::OkStatus();
    if (!Resumable(status)) return status;
    failures = delivered ? 0 : failures + 1;
    if (failures >= policy.max_attempts) return status;
    absl::SleepFor(internal::BackoffDelay(policy, failures, gen));
  }
}

void EventClient::Cancel() {
  absl::MutexLock lock(&shared_->mu);
  shared_->cancelled = true;
  if (shared_->active != nullptr) shared_->active->TryCancel();
}

absl::StatusOr<v1::ListEventsResponse> EventClient::ListEvents(
    const v1::ListEventsRequest& request) {
  std::unique_ptr<grpc::ClientContext> ctx = Context(/*streaming=*/false);
  v1::ListEventsResponse response;
  absl::Status status = FromGrpcStatus(stub_->ListEvents(ctx.get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Coverage> EventClient::GetCoverage(const std::string& name) {
  std::unique_ptr<grpc::ClientContext> ctx = Context(/*streaming=*/false);
  v1::GetCoverageRequest request;
  request.set_name(name);
  v1::Coverage coverage;
  absl::Status status = FromGrpcStatus(stub_->GetCoverage(ctx.get(), request, &coverage));
  if (!status.ok()) return status;
  return coverage;
}

}  // namespace fangxin::sdk
