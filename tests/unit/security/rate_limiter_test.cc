#include "services/server/rate_limiter.h"

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/errors.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

constexpr absl::Time kStart = absl::FromUnixSeconds(1764300000);

TEST(TokenBucketTest, BurstThenOneTokenPerIntervalCappedAtTheBurst) {
  TokenBucket bucket(/*rate=*/10, /*burst=*/3, kStart);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bucket.TryTake(kStart)) << i;
  EXPECT_FALSE(bucket.TryTake(kStart));
  EXPECT_EQ(bucket.WaitFor(kStart), absl::Milliseconds(100));
  EXPECT_FALSE(bucket.TryTake(kStart + absl::Milliseconds(99)));
  EXPECT_TRUE(bucket.TryTake(kStart + absl::Milliseconds(100)));
  // A long idle time refills to the burst, not beyond.
  const absl::Time later = kStart + absl::Hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bucket.TryTake(later)) << i;
  EXPECT_FALSE(bucket.TryTake(later));
}

TEST(TokenBucketTest, TimeGoingBackwardsAddsNothing) {
  TokenBucket bucket(10, 1, kStart);
  EXPECT_TRUE(bucket.TryTake(kStart));
  EXPECT_FALSE(bucket.TryTake(kStart - absl::Seconds(5)));
  EXPECT_FALSE(bucket.TryTake(kStart));
}

Principal Key(const std::string& name, v1::Role role) {
  Principal p;
  p.name = name;
  p.role = role;
  return p;
}

TEST(RateLimiterTest, RefusesWithResourceExhaustedAndRetryHint) {
  FakeClock clock(kStart);
  RateLimiter limiter({/*requests_per_second=*/2, /*burst=*/2}, &clock);
  const Principal merchant = Key("apiKeys/m1", v1::ROLE_MERCHANT);
  EXPECT_TRUE(limiter.Admit(merchant).ok());
  EXPECT_TRUE(limiter.Admit(merchant).ok());
  absl::Status refused = limiter.Admit(merchant);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReasonOf(refused), "RATE_LIMITED");
  EXPECT_NE(refused.message().find("retry in 500 ms"), absl::string_view::npos) << refused;
  clock.Advance(absl::Milliseconds(500));
  EXPECT_TRUE(limiter.Admit(merchant).ok());
}

TEST(RateLimiterTest, KeysHaveTheirOwnBuckets) {
  FakeClock clock(kStart);
  RateLimiter limiter({1, 1}, &clock);
  EXPECT_TRUE(limiter.Admit(Key("apiKeys/a", v1::ROLE_PUBLIC)).ok());
  EXPECT_FALSE(limiter.Admit(Key("apiKeys/a", v1::ROLE_PUBLIC)).ok());
  EXPECT_TRUE(limiter.Admit(Key("apiKeys/b", v1::ROLE_PUBLIC)).ok());
}

TEST(RateLimiterTest, AdminIsExemptUnlessAskedAndZeroRateDisables) {
  FakeClock clock(kStart);
  const Principal admin = Key("apiKeys/admin", v1::ROLE_ADMIN);
  RateLimiter exempt({1, 1}, &clock);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(exempt.Admit(admin).ok());
  RateLimiter strict({1, 1, /*limit_admin=*/true}, &clock);
  EXPECT_TRUE(strict.Admit(admin).ok());
  EXPECT_FALSE(strict.Admit(admin).ok());
  RateLimiter off({0, 1}, &clock);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(off.Admit(Key("apiKeys/p", v1::ROLE_PUBLIC)).ok());
}

class FixedAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<Principal> Authenticate(const CallCredentials& call) const override {
    if (call.authorization.empty()) return absl::UnauthenticatedError("no key");
    return Key(std::string(call.authorization), v1::ROLE_CITY_SYSTEM);
  }
};

TEST(RateLimitedAuthenticatorTest, UnauthenticatedCallsCostNothing) {
  FakeClock clock(kStart);
  RateLimiter limiter({1, 1}, &clock);
  FixedAuthenticator inner;
  RateLimitedAuthenticator auth(&inner, &limiter);
  EXPECT_EQ(auth.Authenticate("").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(auth.Authenticate("apiKeys/c").ok());
  EXPECT_EQ(auth.Authenticate("apiKeys/c").status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace fangxin
