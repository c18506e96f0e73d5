// Per-key rate limits through a real server: a key pushed to well over ten times its rate gets
// RESOURCE_EXHAUSTED (RATE_LIMITED) for the excess, never more than its buckets allow, while
// health checks keep answering and other keys are unaffected.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

constexpr double kRate = 20;
constexpr double kBurst = 20;

// grpc.health.v1.Health/Check through the generic stub (Debian ships no C++ health stubs).
grpc::Status HealthCheck(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status result;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   result = std::move(s);
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  return result;
}

class RateLimitTest : public ServerTest {
 protected:
  void ConfigureServer(Server::Options* options) override {
    options->rate_limit.requests_per_second = kRate;
    options->rate_limit.burst = kBurst;
  }
};

TEST_F(RateLimitTest, OverloadedKeyIsRefusedWhileHealthAndOtherKeysAnswer) {
  sdk::Client pushy = ClientFor(v1::ROLE_PUBLIC);
  sdk::Client calm = ClientFor(v1::ROLE_PUBLIC);
  constexpr int kThreads = 10;
  constexpr int kCallsPerThread = 60;
  std::atomic<int> ok{0}, limited{0}, other{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        absl::Status s = pushy.GetDivision("divisions/320902").status();
        if (s.ok()) {
          ++ok;
        } else if (s.code() == absl::StatusCode::kResourceExhausted &&
                   ErrorReasonOf(s) == "RATE_LIMITED") {
          ++limited;
        } else {
          ++other;
        }
      }
    });
  }
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                     grpc::InsecureChannelCredentials());
  int health_ok = 0;
  for (int i = 0; i < 20; ++i) {
    if (HealthCheck(channel).ok()) ++health_ok;
  }
  for (std::thread& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  EXPECT_EQ(health_ok, 20);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok + limited, kThreads * kCallsPerThread);
  EXPECT_GT(limited.load(), 0);
  // Never more than the bucket allows: the burst plus the refill over the run.
  EXPECT_LE(ok.load(), kBurst + kRate * seconds + 1) << seconds << " s";
  // Another key has its own bucket.
  EXPECT_TRUE(calm.GetDivision("divisions/320902").ok());
  // The admin key is exempt by default (bulk loads).
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(admin_->GetDivision("divisions/320902").ok());
}

}  // namespace
}  // namespace fangxin::testing
