// The transport limit: fangxin-echo-server answering a ≈1 KB message with itself.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "fangxin/bench/v1/echo.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tests/bench/fangxin_bench/targets.h"

namespace fangxin::bench {

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

namespace {

using fangxin::bench::v1::Echo;
using fangxin::bench::v1::EchoMessage;

class EchoTarget final : public Target {
 public:
  EchoTarget(std::shared_ptr<grpc::Channel> channel, int payload_bytes)
      : stub_(Echo::NewStub(channel)) {
    request_.set_payload(std::string(payload_bytes, 'e'));
    workloads_.push_back({"echo", "", "", [this](int, std::function<void(bool)> done) {
                            struct Call {
                              grpc::ClientContext ctx;
                              EchoMessage response;
                            };
                            auto* call = new Call;
                            stub_->async()->Echo(&call->ctx, &request_, &call->response,
                                                 [call, done](grpc::Status s) {
                                                   done(s.ok());
                                                   delete call;
                                                 });
                          }});
  }
  const std::string& name() const override { return name_; }
  std::vector<Workload>& workloads() override { return workloads_; }
  ChildProcess& process() override { return process_; }

  ChildProcess process_;

 private:
  const std::string name_ = "echo";
  std::unique_ptr<Echo::Stub> stub_;
  EchoMessage request_;  // Shared: the callback API only reads it.
  std::vector<Workload> workloads_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Target>> StartEchoTarget(const std::string& binary,
                                                        const std::string& work_dir,
                                                        int payload_bytes) {
  const std::string endpoint = absl::StrCat("127.0.0.1:", FreePort());
  auto channel = grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials());
  auto target = std::make_unique<EchoTarget>(channel, payload_bytes);
  absl::Status started = target->process_.Start(
      {binary, absl::StrCat("--listen=", endpoint)}, absl::StrCat(work_dir, "/echo.log"));
  if (!started.ok()) return started;
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
    return absl::UnavailableError("echo server did not come up");
  }
  return target;
}

}  // namespace fangxin::bench
