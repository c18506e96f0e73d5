// The peer a city would otherwise build on: a one-node etcd from Debian's etcd-server, driven
// through its own gRPC KV API with the same client code, and its Watch API for the fan-out.

#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "etcd/etcd_kv.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tests/bench/fangxin_bench/targets.h"

namespace fangxin::bench {
namespace {

constexpr int kRangeKeys = 1000;
// The fan-out writes /bench/watch/{seq}; a watch of the prefix ends before "/bench/watch0".
constexpr char kWatchPrefix[] = "/bench/watch/";
constexpr char kWatchRangeEnd[] = "/bench/watch0";

// One Watch stream with one watch of the fan-out prefix; etcd's `created` response shows it
// is registered.
class EtcdWatchStream final
    : public WatchStream,
      public grpc::ClientBidiReactor<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse> {
 public:
  EtcdWatchStream(etcdserverpb::Watch::Stub* stub, WatchSink* sink) : sink_(sink) {
    request_.mutable_create_request()->set_key(kWatchPrefix);
    request_.mutable_create_request()->set_range_end(kWatchRangeEnd);
    stub->async()->Watch(&ctx_, this);
    StartWrite(&request_);
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
    if (response_.created()) sink_->OnRegistered();
    if (response_.events_size() > 0) sink_->OnMessage();
    for (const etcdserverpb::Event& e : response_.events()) {
      int64_t seq = -1;
      const std::string& key = e.kv().key();
      if (absl::SimpleAtoi(absl::string_view(key).substr(sizeof(kWatchPrefix) - 1), &seq)) {
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
  etcdserverpb::WatchRequest request_;
  etcdserverpb::WatchResponse response_;
  std::atomic<bool> cancelled_{false};
  absl::Notification ended_;
};

class EtcdTarget final : public Target {
 public:
  EtcdTarget(std::shared_ptr<grpc::Channel> channel, const std::string& endpoint,
             int payload_bytes)
      : stub_(etcdserverpb::KV::NewStub(channel)), value_(payload_bytes, 'v') {
    for (int c = 0; c < kWatchConnections; ++c) {
      grpc::ChannelArguments args;
      args.SetInt("fangxin.bench.watch_connection", c);  // Distinct connections.
      watch_stubs_.push_back(etcdserverpb::Watch::NewStub(
          grpc::CreateCustomChannel(endpoint, grpc::InsecureChannelCredentials(), args)));
    }
    workloads_.push_back({"etcd put", "", "", [this](int slot, std::function<void(bool)> done) {
                            Put(absl::StrCat("/bench/put/", slot, "/", next_key_++), done);
                          }});
    workloads_.push_back(
        {"etcd range", "", "", [this](int slot, std::function<void(bool)> done) {
           struct Call {
             grpc::ClientContext ctx;
             etcdserverpb::RangeRequest request;
             etcdserverpb::RangeResponse response;
           };
           auto* call = new Call;
           call->request.set_key(absl::StrCat("/bench/range/", (slot * 7919 + next_key_++) % kRangeKeys));
           stub_->async()->Range(&call->ctx, &call->request, &call->response,
                                 [call, done](grpc::Status s) {
                                   done(s.ok() && call->response.kvs_size() == 1);
                                   delete call;
                                 });
         }});
  }

  void Put(std::string key, std::function<void(bool)> done) {
    struct Call {
      grpc::ClientContext ctx;
      etcdserverpb::PutRequest request;
      etcdserverpb::PutResponse response;
    };
    auto* call = new Call;
    call->request.set_key(std::move(key));
    call->request.set_value(value_);
    stub_->async()->Put(&call->ctx, &call->request, &call->response,
                        [call, done](grpc::Status s) {
                          done(s.ok());
                          delete call;
                        });
  }

  bool Populate() {
    for (int i = 0; i < kRangeKeys; ++i) {
      grpc::ClientContext ctx;
      etcdserverpb::PutRequest request;
      etcdserverpb::PutResponse response;
      request.set_key(absl::StrCat("/bench/range/", i));
      request.set_value(value_);
      if (!stub_->Put(&ctx, request, &response).ok()) return false;
    }
    return true;
  }

  std::unique_ptr<WatchStream> OpenWatch(int connection, WatchSink* sink) override {
    return std::make_unique<EtcdWatchStream>(watch_stubs_[connection].get(), sink);
  }

  void WriteForWatch(int64_t seq, std::function<void(bool)> done) override {
    Put(absl::StrCat(kWatchPrefix, seq), std::move(done));
  }

  const std::string& name() const override { return name_; }
  std::vector<Workload>& workloads() override { return workloads_; }
  ChildProcess& process() override { return process_; }

  ChildProcess process_;

 private:
  const std::string name_ = "etcd";
  std::unique_ptr<etcdserverpb::KV::Stub> stub_;
  std::vector<std::unique_ptr<etcdserverpb::Watch::Stub>> watch_stubs_;
  const std::string value_;
  std::atomic<int64_t> next_key_{0};
  std::vector<Workload> workloads_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Target>> StartEtcdTarget(const std::string& work_dir,
                                                        int payload_bytes) {
  const std::string client = absl::StrCat("http://127.0.0.1:", FreePort());
  const std::string peer = absl::StrCat("http://127.0.0.1:", FreePort());
  const std::string data_dir = absl::StrCat(work_dir, "/etcd-data");
  std::filesystem::remove_all(data_dir);
  auto channel = grpc::CreateChannel(client.substr(7), grpc::InsecureChannelCredentials());
  auto target = std::make_unique<EtcdTarget>(channel, client.substr(7), payload_bytes);
  absl::Status started = target->process_.Start(
      {"etcd", "--name=bench", absl::StrCat("--data-dir=", data_dir),
       absl::StrCat("--listen-client-urls=", client),
       absl::StrCat("--advertise-client-urls=", client), absl::StrCat("--listen-peer-urls=", peer),
       absl::StrCat("--initial-advertise-peer-urls=", peer),
       absl::StrCat("--initial-cluster=bench=", peer), "--log-level=error"},
      absl::StrCat(work_dir, "/etcd.log"));
  if (!started.ok()) return started;
  for (int attempt = 0; attempt < 100; ++attempt) {  // Bounded: 20 s.
    if (target->Populate()) return target;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return absl::UnavailableError("etcd did not come up; see etcd.log");
}

}  // namespace fangxin::bench
