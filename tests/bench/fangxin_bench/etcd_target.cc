// The peer a city would otherwise build on: a one-node etcd from Debian's etcd-server, driven
// through its own gRPC KV API with the same client code.

#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "etcd/etcd_kv.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tests/bench/fangxin_bench/targets.h"

namespace fangxin::bench {
namespace {

constexpr int kRangeKeys = 1000;

class EtcdTarget final : public Target {
 public:
  EtcdTarget(std::shared_ptr<grpc::Channel> channel, int payload_bytes)
      : stub_(etcdserverpb::KV::NewStub(channel)), value_(payload_bytes, 'v') {
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

  const std::string& name() const override { return name_; }
  std::vector<Workload>& workloads() override { return workloads_; }
  ChildProcess& process() override { return process_; }

  ChildProcess process_;

 private:
  const std::string name_ = "etcd";
  std::unique_ptr<etcdserverpb::KV::Stub> stub_;
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
  auto target = std::make_unique<EtcdTarget>(channel, payload_bytes);
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
