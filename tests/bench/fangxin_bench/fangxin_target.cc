// fangxind under load, as its own process with group commit and a real RocksDB: durable store
// creates (≈1 KB, unique names, every index, event and audit entry), point reads, a page of 100
// stores by township, and a 90/10 read/write mix.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/sdk/client.h"
#include "fangxin/v1/merchant_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/common/uscc.h"
#include "tests/bench/fangxin_bench/targets.h"

namespace fangxin::bench {
namespace {

constexpr int kMerchants = 64;
constexpr int kStores = 1000;  // In one township, so a page of 100 is always full.

std::string MerchantName(int i) {
  std::string first17 = absl::StrFormat("91320902%09d", 800000 + i);
  return absl::StrCat("merchants/", first17, std::string(1, *UsccCheckCharacter(first17)));
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

class FangxinTarget final : public Target {
 public:
  FangxinTarget(std::shared_ptr<grpc::Channel> channel, int payload_bytes)
      : channel_(channel), stub_(v1::MerchantService::NewStub(channel)),
        payload_bytes_(payload_bytes) {
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

  void set_token(std::string token) { bearer_ = absl::StrCat("Bearer ", token); }

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
    std::vector<v1::ImportStoresRequest> rows;
    for (int i = 0; i < kStores; ++i) {
      v1::ImportStoresRequest row;
      row.set_row(i);
      row.set_parent(MerchantName(i % kMerchants));
      row.set_store_id(absl::StrCat("seed-", i));
      *row.mutable_store() = BenchStore(payload_bytes_, i);
      seeded_.push_back(absl::StrCat(row.parent(), "/stores/seed-", i));
      rows.push_back(std::move(row));
    }
    auto results = client.ImportStores(std::move(rows));
    return results.status();
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
    call->request.set_name(seeded_[(slot * 7919 + next_++) % seeded_.size()]);
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
  const int payload_bytes_;
  std::string bearer_;
  std::vector<std::string> seeded_;
  std::atomic<int64_t> next_{0};
  std::atomic<int64_t> mix_counter_{0};
  std::vector<Workload> workloads_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Target>> StartFangxinTarget(const std::string& fangxind,
                                                           const std::string& divisions_csv,
                                                           const std::string& work_dir,
                                                           int payload_bytes) {
  const std::string endpoint = absl::StrCat("127.0.0.1:", FreePort());
  const std::string data_dir = absl::StrCat(work_dir, "/fangxin-data");
  std::filesystem::remove_all(data_dir);
  auto channel = grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials());
  auto target = std::make_unique<FangxinTarget>(channel, payload_bytes);
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
  absl::Status populated = target->Populate(token);
  if (!populated.ok()) return populated;
  return target;
}

}  // namespace fangxin::bench
