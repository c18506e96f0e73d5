#include "clients/map/grpc_feed_source.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "clients/sdk/client_options.h"
#include "clients/sdk/connection.h"
#include "common/grpc_status.h"

namespace fangxin::map {
namespace {

void Authorize(const std::string& token, grpc::ClientContext* context) {
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
}

// Lowest non-zero of two revisions: a listing read at a later revision than another is
// watched from the earlier one, and the overlap is ignored by mod_revision.
int64_t LowerRevision(int64_t a, int64_t b) { return a == 0 ? b : std::min(a, b); }

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcFeedSource>> GrpcFeedSource::Create(Options options) {
  if (options.channel == nullptr) return absl::InvalidArgumentError("no channel to fangxind");
  sdk::ClientOptions client_options;
  client_options.channel = options.channel;
  client_options.token = options.token;
  absl::StatusOr<std::shared_ptr<sdk::Connection>> connection =
      sdk::MakeConnection(std::move(client_options));
  if (!connection.ok()) return connection.status();
  return std::unique_ptr<GrpcFeedSource>(
      new GrpcFeedSource(std::move(options), sdk::Client(*std::move(connection))));
}

GrpcFeedSource::GrpcFeedSource(Options options, sdk::Client client)
    : options_(std::move(options)),
      client_(std::move(client)),
      events_(v1::EventService::NewStub(options_.channel)),
      pledges_(v1::PledgeService::NewStub(options_.channel)) {}

bool GrpcFeedSource::cancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

absl::StatusOr<Listing> GrpcFeedSource::List() {
  Listing listing;
  v1::ListDivisionsRequest divisions_request;
  divisions_request.set_page_size(options_.page_size);
  auto divisions = client_.ListDivisions(divisions_request);
  for (const absl::StatusOr<v1::Division>& division : divisions) {
    if (!division.ok()) return division.status();
    listing.divisions.push_back(*division);
  }
  listing.revision = LowerRevision(listing.revision, divisions.read_revision());
  if (cancelled()) return absl::CancelledError("stopping");

  v1::ListStoresRequest stores_request;
  stores_request.set_page_size(options_.page_size);
  auto stores = client_.ListStores(stores_request);
  for (const absl::StatusOr<v1::Store>& store : stores) {
    if (!store.ok()) return store.status();
    listing.stores.push_back(*store);
    if (cancelled()) return absl::CancelledError("stopping");
  }
  listing.revision = LowerRevision(listing.revision, stores.read_revision());

  if (absl::Status s = ListPledges(&listing); !s.ok()) return s;
  return listing;
}

absl::Status GrpcFeedSource::ListPledges(Listing* listing) {
  v1::ListPledgesRequest request;
  request.set_page_size(options_.page_size);
  // The map draws no-reason-return pledges only (pledge_status.h).
  request.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
  int64_t read_revision = 0;
  do {
    grpc::ClientContext context;
    Authorize(options_.token, &context);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::ListPledgesResponse response;
    const grpc::Status status = pledges_->ListPledges(&context, request, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    if (read_revision == 0) read_revision = response.read_revision();
    for (v1::Pledge& pledge : *response.mutable_pledges()) {
      listing->pledges.push_back(std::move(pledge));
    }
    request.set_page_token(response.next_page_token());
    if (cancelled()) return absl::CancelledError("stopping");
  } while (!request.page_token().empty());
  listing->revision = LowerRevision(listing->revision, read_revision);
  return absl::OkStatus();
}

absl::Status GrpcFeedSource::Watch(
    int64_t from_revision, const std::function<void(const v1::WatchEventsResponse&)>& on_response) {
  grpc::ClientContext context;
  Authorize(options_.token, &context);
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return absl::CancelledError("stopping");
    watch_context_ = &context;
  }
  v1::WatchEventsRequest request;
  request.set_from_revision(from_revision);
  request.set_progress_interval_ms(options_.progress_interval_ms);
  std::unique_ptr<grpc::ClientReader<v1::WatchEventsResponse>> reader =
      events_->WatchEvents(&context, request);
  v1::WatchEventsResponse response;
  while (reader->Read(&response)) on_response(response);
  const grpc::Status status = reader->Finish();
  {
    absl::MutexLock lock(&mu_);
    watch_context_ = nullptr;
  }
  return FromGrpcStatus(status);
}

void GrpcFeedSource::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  if (watch_context_ != nullptr) watch_context_->TryCancel();
}

}  // namespace fangxin::map
