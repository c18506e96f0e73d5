// fangxin-echo-server: the transport baseline. Same gRPC version and callback-API threading as
// fangxind; answers every Echo with its request.
//
//   fangxin-echo-server --listen=127.0.0.1:PORT

#include <signal.h>

#include <cstdio>
#include <string>

#include "fangxin/bench/v1/echo.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace {

class EchoService final : public fangxin::bench::v1::Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* ctx,
                                 const fangxin::bench::v1::EchoMessage* request,
                                 fangxin::bench::v1::EchoMessage* response) override {
    *response = *request;
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:7450";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--listen=", 0) == 0) listen = arg.substr(9);
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  EchoService service;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "cannot listen on %s\n", listen.c_str());
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  server->Shutdown();
  return 0;
}
