// fangxind's own surface: grpc.health.v1 answers on the gRPC port.

#include <condition_variable>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

// One unary call through the generic stub, so the test needs no generated health stubs (Debian
// ships none for C++): the request and response are raw protobuf bytes.
grpc::Status CallRaw(const std::string& endpoint, const std::string& method,
                     const std::string& request_bytes, std::string* response_bytes) {
  auto channel = grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status result;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   result = std::move(s);
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  std::vector<grpc::Slice> slices;
  if (result.ok() && response.Dump(&slices).ok()) {
    response_bytes->clear();
    for (const auto& s : slices) response_bytes->append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return result;
}

class ServerSurfaceTest : public ServerTest {};

TEST_F(ServerSurfaceTest, HealthCheckAnswersServing) {
  std::string response;
  // HealthCheckRequest{service=""} is the empty message.
  grpc::Status status = CallRaw(absl::StrCat("127.0.0.1:", server_->port()),
                                "/grpc.health.v1.Health/Check", "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // HealthCheckResponse{status = SERVING (1)}: field 1, varint 1.
  EXPECT_EQ(response, std::string("\x08\x01", 2));
}

}  // namespace
}  // namespace fangxin::testing
