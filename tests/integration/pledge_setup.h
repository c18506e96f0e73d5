#ifndef FANGXIN_TESTS_INTEGRATION_PLEDGE_SETUP_H_
#define FANGXIN_TESTS_INTEGRATION_PLEDGE_SETUP_H_

// Pledges as test setup: the stories that need a pledge in force get it the way a merchant
// would, through PledgeService.

#include <string>

#include "absl/time/time.h"
#include "clients/sdk/pledge_client.h"
#include "fangxin/v1/resources.pb.h"
#include "gtest/gtest.h"

namespace fangxin::testing {

// A no-reason-return pledge of `store` (refund to the original payment), in force over
// [from, until), both to the second.
inline v1::Pledge NoReasonReturnPledge(const std::string& store, absl::Time from,
                                       absl::Time until) {
  v1::Pledge pledge;
  pledge.set_store(store);
  pledge.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
  pledge.mutable_no_reason_return()->set_refund_method(v1::REFUND_METHOD_ORIGINAL_PAYMENT);
  pledge.mutable_valid_from()->set_seconds(absl::ToUnixSeconds(from));
  pledge.mutable_valid_until()->set_seconds(absl::ToUnixSeconds(until));
  return pledge;
}

// Files `pledge` and puts it in force as the caller of `pledges`. A test failure, and an empty
// pledge, when either step is refused.
inline v1::Pledge FileAndActivate(sdk::PledgeClient& pledges, const v1::Pledge& pledge) {
  auto created = pledges.CreatePledge(pledge);
  EXPECT_TRUE(created.ok()) << created.status();
  if (!created.ok()) return {};
  auto active = pledges.ActivatePledge(created->name(), created->etag());
  EXPECT_TRUE(active.ok()) << active.status();
  return active.ok() ? *active : v1::Pledge();
}

}  // namespace fangxin::testing

#endif  // FANGXIN_TESTS_INTEGRATION_PLEDGE_SETUP_H_
