// fangxind under load, as its own process with group commit and a real RocksDB: durable store
// creates (≈1 KB, unique names, every index, event and audit entry), point reads, a page of 100
// stores by township, and a 90/10 read/write mix. GrowTo bulk-loads more stores through
// ImportStores for the scale mode; OpenWatch and WriteForWatch drive the watch fan-out.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/numbers.h"
#include "absl/synchronization/notification.h"
#include "clients/sdk/client.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "fangxin/v1/merchant_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/common/uscc.h"
#include "tests/bench/fangxin_bench/targets.h"

namespace fangxin::bench {
namespace {

constexpr int kMerchants = 64;
// Rows built and sent per ImportStores call while growing: bounds the client's memory.
constexpr int kGrowBatch = 5000;
// Concurrent ImportStores callers while growing; each keeps its stream's commits pipelined.
constexpr int kGrowStreams = 4;

std::string MerchantName(int i) {
  std::string first17 = absl::StrFormat("91320902%09d", 800000 + i);
  return absl::StrCat("merchants/", first17, std::string(1, *UsccCheckCharacter(first17)));
}

// Every seeded store is in one township, so a page of 100 is always full.
std::string SeededStoreName(int64_t i) {
  return absl::StrCat(MerchantName(static_cast<int>(i % kMerchants)), "/stores/seed-", i);
}

v1::Store BenchStore(int payload_bytes, int64_t i) {
  v1::Store s;
  s.set_display_name(absl::StrCat("基准店", i));
  // The address carries the payload: 3 bytes per character of UTF-8, at most 300 characters.
  std::string address = "盐城市亭湖区";
  while (static_cast<int>(address.size()) + 3 <= payload_bytes - 200 &&
         address.size() / 3 < 290) {
    address += "路";
  }
  s.set_address(address);
  s.set_division("divisions/320902");
  s.set_township("divisions/320902001");
  s.mutable_location()->set_latitude(33.38 + (i % 1000) * 1e-5);
  s.mutable_location()->set_longitude(120.13);
  s.set_industry("retail");
  return s;
}

// One WatchEvents stream of the stores collection. The first message (the progress
// notification an idle watch gets after its interval) shows the server has registered it.
class FangxinWatchStream final : public WatchStream,
                                 public grpc::ClientReadReactor<v1::WatchEventsResponse> {
 public:
  FangxinWatchStream(v1::EventService::Stub* stub, const std::string& bearer, WatchSink* sink)
      : sink_(sink) {
    ctx_.AddMetadata("authorization", bearer);
    request_.mutable_filter()->add_collections("stores");
    request_.set_progress_interval_ms(1000);
    stub->async()->WatchEvents(&ctx_, &request_, this);
    StartRead(&response_);
    StartCall();
  }

  void Cancel() override {
    cancelled_.store(true);
    ctx_.TryCancel();
  }
  void WaitEnded() override { ended_.WaitForNotification(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    if (!registered_) {
      registered_ = true;
      sink_->OnRegistered();
    }
    if (response_.events_size() > 0) sink_->OnMessage();
    for (const v1::Event& e : response_.events()) {
      // merchants/{uscc}/stores/wf-{seq}
      int64_t seq = -1;
      const size_t dash = e.resource_name().rfind('-');
      if (dash != std::string::npos &&
          absl::SimpleAtoi(absl::string_view(e.resource_name()).substr(dash + 1), &seq)) {
        sink_->OnEvent(seq);
      }
    }
    StartRead(&response_);
  }
  void OnDone(const grpc::Status&) override {
    sink_->OnEnd(cancelled_.load());
    ended_.Notify();
  }

 private:
  WatchSink* const sink_;
  grpc::ClientContext ctx_;
  v1::WatchEventsRequest request_;
  v1::WatchEventsResponse response_;
  bool registered_ = false;
  std::atomic<bool> cancelled_{false};
  absl::Notification ended_;
};

class FangxinTarget final : public Target {
 public:
  FangxinTarget(std::shared_ptr<grpc::Channel> channel, const std::string& endpoint,
                int payload_bytes)
      : channel_(channel), stub_(v1::MerchantService::NewStub(channel)),
        payload_bytes_(payload_bytes) {
    for (int c = 0; c < kWatchConnections; ++c) {
      grpc::ChannelArguments args;
      args.SetInt("fangxin.bench.watch_connection", c);  // Distinct connections.
      watch_stubs_.push_back(v1::EventService::NewStub(
          grpc::CreateCustomChannel(endpoint, grpc::InsecureChannelCredentials(), args)));
    }
    workloads_.push_back({"store create", "echo", "etcd put",
                          [this](int slot, std::function<void(bool)> done) { Create(slot, done); }});
    workloads_.push_back({"store get", "echo", "etcd range",
                          [this](int slot, std::function<void(bool)> done) { Get(slot, done); }});
    workloads_.push_back({"page of 100 by township", "echo", "",
                          [this](int, std::function<void(bool)> done) { Page(done); }});
    workloads_.push_back({"mix 90% get / 10% create", "echo", "",
                          [this](int slot, std::function<void(bool)> done) {
                            if (++mix_counter_ % 10 == 0) {
                              Create(slot, done);
                            } else {
                              Get(slot, done);
                            }
                          }});
  }

  void set_token(std::string token) {
    token_ = token;
    bearer_ = absl::StrCat("Bearer ", token);
  }
  void set_initial_stores(int64_t stores) { initial_stores_ = stores; }

  absl::Status Populate(const std::string& token) {
    sdk::ClientOptions options;
    options.token = token;
    options.channel = channel_;
    auto connection = sdk::MakeConnection(options);
    if (!connection.ok()) return connection.status();
    sdk::Client client(*connection);
    for (int i = 0; i < kMerchants; ++i) {
      v1::Merchant m;
      m.set_uscc(MerchantName(i).substr(10));
      m.set_legal_name(absl::StrCat("基准商户", i));
      m.set_division("divisions/320902");
      auto created = client.CreateMerchant(m);
      if (!created.ok() && !absl::IsAlreadyExists(created.status())) return created.status();
    }
    return Seed(client, 0, initial_stores_);
  }

  absl::Status GrowTo(int64_t stores,
                      const std::function<void(int64_t loaded)>& on_progress) override {
    sdk::ClientOptions options;
    options.token = token_;
    options.channel = channel_;
    auto connection = sdk::MakeConnection(options);
    if (!connection.ok()) return connection.status();
    std::atomic<int64_t> next{loaded_.load()};
    std::atomic<int64_t> done{0};
    absl::Mutex mu;
    absl::Status first_error;
    std::vector<std::thread> threads;
    for (int t = 0; t < kGrowStreams; ++t) {
      threads.emplace_back([&] {
        sdk::Client client(*connection);
        while (true) {
          const int64_t from = next.fetch_add(kGrowBatch);
          if (from >= stores) return;
          const int64_t to = std::min<int64_t>(stores, from + kGrowBatch);
          absl::Status s = Seed(client, from, to);
          if (!s.ok()) {
            absl::MutexLock lock(&mu);
            if (first_error.ok()) first_error = s;
            return;
          }
          const int64_t total = done.fetch_add(to - from) + (to - from);
          if (on_progress) on_progress(total);
        }
      });
    }
    for (std::thread& t : threads) t.join();
    if (!first_error.ok()) return first_error;
    loaded_.store(stores);
    return absl::OkStatus();
  }

  int64_t stores() const override { return loaded_.load(); }

  std::unique_ptr<WatchStream> OpenWatch(int connection, WatchSink* sink) override {
    return std::make_unique<FangxinWatchStream>(watch_stubs_[connection].get(), bearer_, sink);
  }

  void WriteForWatch(int64_t seq, std::function<void(bool)> done) override {
    auto* call = new Call<v1::CreateStoreRequest, v1::Store>;
    call->ctx.AddMetadata("authorization", bearer_);
    call->request.set_parent(MerchantName(static_cast<int>(seq % kMerchants)));
    call->request.set_store_id(absl::StrCat("wf-", seq));
    *call->request.mutable_store() = BenchStore(payload_bytes_, seq);
    stub_->async()->CreateStore(&call->ctx, &call->request, &call->response,
                                [call, done](grpc::Status s) {
                                  done(s.ok());
                                  delete call;
                                });
  }

  const std::string& name() const override { return name_; }
  std::vector<Workload>& workloads() override { return workloads_; }
  ChildProcess& process() override { return process_; }

  ChildProcess process_;

 private:
  template <typename Request, typename Response>
  struct Call {
    grpc::ClientContext ctx;
    Request request;
    Response response;
  };

  // Imports stores seed-from .. seed-(to-1), kGrowBatch rows at a time. Rows that already
  // exist (a retried chunk) count as loaded.
  absl::Status Seed(sdk::Client& client, int64_t from, int64_t to) {
    for (int64_t start = from; start < to; start += kGrowBatch) {
      const int64_t end = std::min<int64_t>(to, start + kGrowBatch);
      std::vector<v1::ImportStoresRequest> rows;
      rows.reserve(end - start);
      for (int64_t i = start; i < end; ++i) {
        v1::ImportStoresRequest& row = rows.emplace_back();
        row.set_row(i - start);
        row.set_parent(MerchantName(static_cast<int>(i % kMerchants)));
        row.set_store_id(absl::StrCat("seed-", i));
        *row.mutable_store() = BenchStore(payload_bytes_, i);
      }
      sdk::ImportOptions import_options;
      import_options.chunk_size = 1000;
      auto results = client.ImportStores(std::move(rows), import_options);
      if (!results.ok()) return results.status();
      for (const v1::ImportStoreResult& r : *results) {
        if (r.code() != 0 && r.code() != static_cast<int>(absl::StatusCode::kAlreadyExists)) {
          return absl::InternalError(absl::StrCat("importing stores ", start, "..", end - 1,
                                                  ": a row failed with code ", r.code()));
        }
      }
      if (loaded_.load() < end) loaded_.store(end);
    }
    return absl::OkStatus();
  }

  // A store chosen by a multiplicative hash, so that at a million stores the reads spread
  // over the whole key space (and mostly miss the block cache), not over a hot prefix.
  std::string RandomStore(int slot) {
    uint64_t x = static_cast<uint64_t>(next_++) * 0x9E3779B97F4A7C15ull + slot * 7919ull;
    x ^= x >> 29;
    return SeededStoreName(static_cast<int64_t>(x % static_cast<uint64_t>(loaded_.load())));
  }

  void Create(int slot, std::function<void(bool)> done) {
    auto* call = new Call<v1::CreateStoreRequest, v1::Store>;
    call->ctx.AddMetadata("authorization", bearer_);
    call->request.set_parent(MerchantName(slot % kMerchants));
    *call->request.mutable_store() = BenchStore(payload_bytes_, next_++);
    stub_->async()->CreateStore(&call->ctx, &call->request, &call->response,
                                [call, done](grpc::Status s) {
                                  done(s.ok());
                                  delete call;
                                });
  }

  void Get(int slot, std::function<void(bool)> done) {
    auto* call = new Call<v1::GetStoreRequest, v1::Store>;
    call->ctx.AddMetadata("authorization", bearer_);
    call->request.set_name(RandomStore(slot));
    stub_->async()->GetStore(&call->ctx, &call->request, &call->response,
                             [call, done](grpc::Status s) {
                               done(s.ok());
                               delete call;
                             });
  }

  void Page(std::function<void(bool)> done) {
    auto* call = new Call<v1::ListStoresRequest, v1::ListStoresResponse>;
    call->ctx.AddMetadata("authorization", bearer_);
    call->request.set_division("divisions/320902001");
    call->request.set_page_size(100);
    stub_->async()->ListStores(&call->ctx, &call->request, &call->response,
                               [call, done](grpc::Status s) {
                                 done(s.ok() && call->response.stores_size() == 100);
                                 delete call;
                               });
  }

  const std::string name_ = "fangxin";
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::MerchantService::Stub> stub_;
  std::vector<std::unique_ptr<v1::EventService::Stub>> watch_stubs_;
  const int payload_bytes_;
  std::string token_;
  std::string bearer_;
  int64_t initial_stores_ = kDefaultStores;
  std::atomic<int64_t> loaded_{0};
  std::atomic<int64_t> next_{0};
  std::atomic<int64_t> mix_counter_{0};
  std::vector<Workload> workloads_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Target>> StartFangxinTarget(const std::string& fangxind,
                                                           const std::string& divisions_csv,
                                                           const std::string& work_dir,
                                                           int payload_bytes,
                                                           int64_t initial_stores) {
  const std::string endpoint = absl::StrCat("127.0.0.1:", FreePort());
  const std::string data_dir = absl::StrCat(work_dir, "/fangxin-data");
  std::filesystem::remove_all(data_dir);
  auto channel = grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials());
  auto target = std::make_unique<FangxinTarget>(channel, endpoint, payload_bytes);
  absl::Status started = target->process_.Start(
      {fangxind, absl::StrCat("--data_dir=", data_dir), absl::StrCat("--listen=", endpoint),
       absl::StrCat("--divisions=", divisions_csv), "--sync=group", "--plaintext"},
      absl::StrCat(work_dir, "/fangxind.log"));
  if (!started.ok()) return started;
  std::string token;
  for (int attempt = 0; attempt < 200 && token.empty(); ++attempt) {  // Bounded: 20 s.
    std::ifstream in(data_dir + "/admin.key");
    if (in) std::getline(in, token);
    if (token.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  token = std::string(absl::StripAsciiWhitespace(token));
  if (token.empty()) return absl::UnavailableError("fangxind did not start; see fangxind.log");
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
    return absl::UnavailableError("fangxind is not answering");
  }
  target->set_token(token);
  target->set_initial_stores(initial_stores);
  absl::Status populated = target->Populate(token);
  if (!populated.ok()) return populated;
  return target;
}

}  // namespace fangxin::bench
