#ifndef FANGXIN_TESTS_UNIT_SDK_FAKE_MERCHANT_SERVICE_H_
#define FANGXIN_TESTS_UNIT_SDK_FAKE_MERCHANT_SERVICE_H_

// A scripted MerchantService on a real gRPC server at 127.0.0.1 (a port picked by the OS), for
// testing the SDK's transport behaviour and fangxinctl end to end. It records every attempt
// (method, request_id, authorization header) and can be told to fail the next N calls with a
// given status. Thread-safe.

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "fangxin/v1/merchant_service.grpc.pb.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"

namespace fangxin::testing {

class FakeMerchantService final : public v1::MerchantService::Service {
 public:
  struct Attempt {
    std::string method;
    std::string request_id;
    std::string authorization;  // "" when absent
  };

  // A listing the fake serves: the page for each token ("" is the first).
  struct ListPage {
    std::vector<v1::Store> stores;
    std::string next_page_token;
    absl::Status error;  // returned instead of the page when not OK
  };

  // The next `n` calls (of any method) fail with `status` before doing anything.
  void FailNext(int n, absl::Status status) {
    absl::MutexLock lock(&mu_);
    for (int i = 0; i < n; ++i) script_.push_back(status);
  }
  void SetStorePages(std::map<std::string, ListPage> pages, int64_t read_revision) {
    absl::MutexLock lock(&mu_);
    pages_ = std::move(pages);
    read_revision_ = read_revision;
  }
  void SetGetDivisionDelay(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    get_division_delay_ = d;
  }
  std::vector<Attempt> attempts() const {
    absl::MutexLock lock(&mu_);
    return attempts_;
  }
  // Rows of every ImportStores stream that reached its end, one vector per stream.
  std::vector<std::vector<v1::ImportStoresRequest>> import_streams() const {
    absl::MutexLock lock(&mu_);
    return import_streams_;
  }
  std::vector<std::string> list_tokens() const {
    absl::MutexLock lock(&mu_);
    return list_tokens_;
  }
  v1::UpdateMerchantRequest last_update_merchant() const {
    absl::MutexLock lock(&mu_);
    return last_update_merchant_;
  }
  v1::CreateStoreRequest last_create_store() const {
    absl::MutexLock lock(&mu_);
    return last_create_store_;
  }
  void set_merchant(v1::Merchant m) {
    absl::MutexLock lock(&mu_);
    merchant_ = std::move(m);
  }

  grpc::Status GetDivision(grpc::ServerContext* context, const v1::GetDivisionRequest* request,
                           v1::Division* response) override {
    absl::Duration delay;
    if (auto s = Begin(context, "GetDivision", ""); !s.ok()) return ToGrpcStatus(s);
    {
      absl::MutexLock lock(&mu_);
      delay = get_division_delay_;
    }
    absl::SleepFor(delay);
    response->set_name(request->name());
    return grpc::Status::OK;
  }

  grpc::Status CreateMerchant(grpc::ServerContext* context,
                              const v1::CreateMerchantRequest* request,
                              v1::Merchant* response) override {
    if (auto s = Begin(context, "CreateMerchant", request->request_id()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    *response = request->merchant();
    response->set_name("merchants/" + request->merchant().uscc());
    response->set_etag("1");
    return grpc::Status::OK;
  }

  grpc::Status GetMerchant(grpc::ServerContext* context, const v1::GetMerchantRequest* request,
                           v1::Merchant* response) override {
    if (auto s = Begin(context, "GetMerchant", ""); !s.ok()) return ToGrpcStatus(s);
    absl::MutexLock lock(&mu_);
    *response = merchant_;
    response->set_name(request->name());
    return grpc::Status::OK;
  }

  grpc::Status UpdateMerchant(grpc::ServerContext* context,
                              const v1::UpdateMerchantRequest* request,
                              v1::Merchant* response) override {
    if (auto s = Begin(context, "UpdateMerchant", request->request_id()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::MutexLock lock(&mu_);
    last_update_merchant_ = *request;
    *response = request->merchant();
    return grpc::Status::OK;
  }

  grpc::Status CreateStore(grpc::ServerContext* context, const v1::CreateStoreRequest* request,
                           v1::Store* response) override {
    if (auto s = Begin(context, "CreateStore", request->request_id()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::MutexLock lock(&mu_);
    last_create_store_ = *request;
    *response = request->store();
    response->set_name(absl::StrCat(request->parent(), "/stores/",
                                    request->store_id().empty() ? "s1" : request->store_id()));
    response->set_etag("7");
    return grpc::Status::OK;
  }

  grpc::Status GetStore(grpc::ServerContext* context, const v1::GetStoreRequest* request,
                        v1::Store* response) override {
    if (auto s = Begin(context, "GetStore", ""); !s.ok()) return ToGrpcStatus(s);
    response->set_name(request->name());
    response->set_etag("7");
    return grpc::Status::OK;
  }

  grpc::Status CloseStore(grpc::ServerContext* context, const v1::CloseStoreRequest* request,
                          v1::Store* response) override {
    if (auto s = Begin(context, "CloseStore", request->request_id()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    response->set_name(request->name());
    response->set_state(v1::STORE_STATE_CLOSED);
    response->set_close_reason(request->reason());
    return grpc::Status::OK;
  }

  grpc::Status ListStores(grpc::ServerContext* context, const v1::ListStoresRequest* request,
                          v1::ListStoresResponse* response) override {
    if (auto s = Begin(context, "ListStores", ""); !s.ok()) return ToGrpcStatus(s);
    absl::MutexLock lock(&mu_);
    list_tokens_.push_back(request->page_token());
    auto it = pages_.find(request->page_token());
    if (it == pages_.end()) return ToGrpcStatus(InvalidFieldError("page_token", "unknown token"));
    if (!it->second.error.ok()) return ToGrpcStatus(it->second.error);
    for (const v1::Store& s : it->second.stores) *response->add_stores() = s;
    response->set_next_page_token(it->second.next_page_token);
    response->set_read_revision(read_revision_);
    return grpc::Status::OK;
  }

  // Every row is read; rows whose store has no display_name are refused with a field error,
  // the others "created" as {parent}/stores/r{row}.
  grpc::Status ImportStores(grpc::ServerContext* context,
                            grpc::ServerReader<v1::ImportStoresRequest>* reader,
                            v1::ImportStoresResponse* response) override {
    std::vector<v1::ImportStoresRequest> rows;
    v1::ImportStoresRequest row;
    while (reader->Read(&row)) rows.push_back(row);
    if (auto s = Begin(context, "ImportStores", rows.empty() ? "" : rows[0].request_id());
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    for (const v1::ImportStoresRequest& r : rows) {
      v1::ImportStoreResult* result = response->add_results();
      result->set_row(r.row());
      if (r.store().display_name().empty()) {
        result->set_code(static_cast<int>(absl::StatusCode::kInvalidArgument));
        result->set_message("invalid request: store.display_name: is required");
        v1::FieldError* e = result->add_field_errors();
        e->set_field("store.display_name");
        e->set_description("is required");
        response->set_failed(response->failed() + 1);
      } else {
        *result->mutable_store() = r.store();
        result->mutable_store()->set_name(absl::StrCat(r.parent(), "/stores/r", r.row()));
        response->set_created(response->created() + 1);
      }
    }
    absl::MutexLock lock(&mu_);
    import_streams_.push_back(std::move(rows));
    return grpc::Status::OK;
  }

 private:
  // Records the attempt; returns the scripted failure, if any.
  absl::Status Begin(grpc::ServerContext* context, const std::string& method,
                     const std::string& request_id) {
    std::string authorization;
    auto it = context->client_metadata().find("authorization");
    if (it != context->client_metadata().end()) {
      authorization.assign(it->second.data(), it->second.size());
    }
    absl::MutexLock lock(&mu_);
    attempts_.push_back({method, request_id, authorization});
    if (script_.empty()) return absl::OkStatus();
    absl::Status s = script_.front();
    script_.pop_front();
    return s;
  }

  mutable absl::Mutex mu_;
  std::deque<absl::Status> script_ ABSL_GUARDED_BY(mu_);
  std::vector<Attempt> attempts_ ABSL_GUARDED_BY(mu_);
  std::vector<std::vector<v1::ImportStoresRequest>> import_streams_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, ListPage> pages_ ABSL_GUARDED_BY(mu_);
  int64_t read_revision_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> list_tokens_ ABSL_GUARDED_BY(mu_);
  absl::Duration get_division_delay_ ABSL_GUARDED_BY(mu_);
  v1::UpdateMerchantRequest last_update_merchant_ ABSL_GUARDED_BY(mu_);
  v1::CreateStoreRequest last_create_store_ ABSL_GUARDED_BY(mu_);
  v1::Merchant merchant_ ABSL_GUARDED_BY(mu_);
};

// The fake on a real server at 127.0.0.1:<picked port>, shut down when destroyed.
class FakeServer {
 public:
  FakeServer() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  ~FakeServer() { server_->Shutdown(std::chrono::system_clock::now()); }

  bool ok() const { return server_ != nullptr && port_ > 0; }
  std::string endpoint() const { return absl::StrCat("127.0.0.1:", port_); }
  FakeMerchantService& service() { return service_; }

 private:
  FakeMerchantService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace fangxin::testing

#endif  // FANGXIN_TESTS_UNIT_SDK_FAKE_MERCHANT_SERVICE_H_
