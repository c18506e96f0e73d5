#include "clients/sdk/retry_loop.h"

#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace fangxin::sdk::internal {
namespace {

TEST(BackoffTest, BoundGrowsByTheMultiplierUpToTheMaximum) {
  RetryPolicy policy{5, absl::Milliseconds(100), absl::Seconds(5), 2.0};
  EXPECT_EQ(BackoffBound(policy, 0), absl::Milliseconds(100));
  EXPECT_EQ(BackoffBound(policy, 1), absl::Milliseconds(200));
  EXPECT_EQ(BackoffBound(policy, 3), absl::Milliseconds(800));
  EXPECT_EQ(BackoffBound(policy, 6), absl::Seconds(5));    // 6.4 s capped
  EXPECT_EQ(BackoffBound(policy, 5000), absl::Seconds(5));  // no overflow
}

TEST(BackoffTest, FullJitterStaysWithinTheBoundAndSpreadsOverIt) {
  RetryPolicy policy{5, absl::Milliseconds(100), absl::Seconds(5), 2.0};
  std::mt19937_64 gen(1234);
  for (int retry = 0; retry < 8; ++retry) {
    const absl::Duration bound = BackoffBound(policy, retry);
    absl::Duration lo = absl::InfiniteDuration(), hi = absl::ZeroDuration();
    for (int i = 0; i < 2000; ++i) {
      absl::Duration d = BackoffDelay(policy, retry, gen);
      ASSERT_GE(d, absl::ZeroDuration());
      ASSERT_LE(d, bound);
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    // Full jitter: draws reach both ends of [0, bound], not just its top half.
    EXPECT_LT(lo, bound / 10) << "retry " << retry;
    EXPECT_GT(hi, bound * 9 / 10) << "retry " << retry;
  }
}

struct LoopTest : ::testing::Test {
  RetryEnv env;
  std::vector<absl::Duration> slept;
  absl::Time now = absl::UnixEpoch();

  LoopTest() {
    env.now = [this] { return now; };
    env.sleep = [this](absl::Duration d) {
      slept.push_back(d);
      now += d;
    };
    env.delay = [](int retry) { return absl::Milliseconds(10) * (retry + 1); };
  }
};

TEST_F(LoopTest, RetriesUnavailableUntilSuccess) {
  int calls = 0;
  absl::StatusOr<int> r = RetryLoop<int>(
      RetryPolicy{}, Idempotency::kIdempotent, now + absl::Hours(1), env,
      [&](int attempt) -> absl::StatusOr<int> {
        EXPECT_EQ(attempt, ++calls);
        if (attempt < 3) return absl::UnavailableError("down");
        return 7;
      });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(slept, (std::vector<absl::Duration>{absl::Milliseconds(10), absl::Milliseconds(20)}));
}

TEST_F(LoopTest, NeverRetriesOtherCodes) {
  for (absl::StatusCode code :
       {absl::StatusCode::kInvalidArgument, absl::StatusCode::kAborted,
        absl::StatusCode::kDeadlineExceeded, absl::StatusCode::kInternal,
        absl::StatusCode::kResourceExhausted, absl::StatusCode::kUnknown}) {
    int calls = 0;
    absl::StatusOr<int> r =
        RetryLoop<int>(RetryPolicy{}, Idempotency::kIdempotent, now + absl::Hours(1), env,
                       [&](int) -> absl::StatusOr<int> {
                         ++calls;
                         return absl::Status(code, "no");
                       });
    EXPECT_EQ(r.status().code(), code);
    EXPECT_EQ(calls, 1) << absl::StatusCodeToString(code);
  }
}

TEST_F(LoopTest, NonIdempotentCallsAreNotRetried) {
  int calls = 0;
  absl::StatusOr<int> r =
      RetryLoop<int>(RetryPolicy{}, Idempotency::kNonIdempotent, now + absl::Hours(1), env,
                     [&](int) -> absl::StatusOr<int> {
                       ++calls;
                       return absl::UnavailableError("down");
                     });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 1);
}

TEST_F(LoopTest, StopsAtMaxAttemptsReturningTheLastError) {
  int calls = 0;
  RetryPolicy policy;
  policy.max_attempts = 4;
  absl::StatusOr<int> r = RetryLoop<int>(
      policy, Idempotency::kIdempotent, now + absl::Hours(1), env,
      [&](int attempt) -> absl::StatusOr<int> {
        ++calls;
        return absl::UnavailableError(absl::StrCat("down ", attempt));
      });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message(), "down 4");
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(slept.size(), 3u);
}

TEST_F(LoopTest, DoesNotSleepPastTheDeadline) {
  int calls = 0;
  absl::StatusOr<int> r = RetryLoop<int>(
      RetryPolicy{}, Idempotency::kIdempotent, now + absl::Milliseconds(25), env,
      [&](int) -> absl::StatusOr<int> {
        ++calls;
        return absl::UnavailableError("down");
      });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  // Sleeps 10 ms (t=10), then 20 ms would end at t=30 > 25: stop after 2 attempts.
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace fangxin::sdk::internal
