#include "clients/map/pledge_status.h"

#include <vector>

#include "gtest/gtest.h"

namespace fangxin::map {
namespace {

TEST(PledgeStatusTest, EveryPledgeStateMapsToOneStatus) {
  const struct {
    v1::PledgeState state;
    PledgeStatus status;
  } kCases[] = {
      {v1::PLEDGE_STATE_UNSPECIFIED, PledgeStatus::kNone},
      {v1::PLEDGE_STATE_DRAFT, PledgeStatus::kDraft},
      {v1::PLEDGE_STATE_ACTIVE, PledgeStatus::kActive},
      {v1::PLEDGE_STATE_SUSPENDED, PledgeStatus::kSuspended},
      {v1::PLEDGE_STATE_REVOKED, PledgeStatus::kRevoked},
      {v1::PLEDGE_STATE_WITHDRAWN, PledgeStatus::kEnded},
      {v1::PLEDGE_STATE_EXPIRED, PledgeStatus::kEnded},
      {v1::PLEDGE_STATE_TERMINATED, PledgeStatus::kEnded},
  };
  // Every value of the enum is in the table.
  ASSERT_EQ(std::size(kCases), static_cast<size_t>(v1::PledgeState_ARRAYSIZE));
  for (const auto& c : kCases) {
    EXPECT_EQ(StatusOfState(c.state), c.status) << v1::PledgeState_Name(c.state);
  }
}

TEST(PledgeStatusTest, LabelsRoundTripAndUnknownLabelsAreRejected) {
  for (PledgeStatus status :
       {PledgeStatus::kNone, PledgeStatus::kDraft, PledgeStatus::kActive, PledgeStatus::kSuspended,
        PledgeStatus::kRevoked, PledgeStatus::kEnded}) {
    EXPECT_EQ(ParsePledgeStatus(PledgeStatusLabel(status)), status);
  }
  EXPECT_EQ(PledgeStatusLabel(PledgeStatus::kActive), "active");
  EXPECT_EQ(ParsePledgeStatus(""), std::nullopt);
  EXPECT_EQ(ParsePledgeStatus("ACTIVE"), std::nullopt);
  EXPECT_EQ(ParsePledgeStatus("expired"), std::nullopt);
}

TEST(PledgeStatusTest, StoreShowsItsMostTellingPledge) {
  using S = v1::PledgeState;
  const struct {
    std::vector<S> states;
    PledgeStatus expected;
  } kCases[] = {
      {{}, PledgeStatus::kNone},
      {{v1::PLEDGE_STATE_EXPIRED, v1::PLEDGE_STATE_ACTIVE}, PledgeStatus::kActive},  // renewed
      {{v1::PLEDGE_STATE_ACTIVE, v1::PLEDGE_STATE_SUSPENDED}, PledgeStatus::kActive},
      {{v1::PLEDGE_STATE_SUSPENDED, v1::PLEDGE_STATE_DRAFT}, PledgeStatus::kSuspended},
      {{v1::PLEDGE_STATE_REVOKED, v1::PLEDGE_STATE_DRAFT}, PledgeStatus::kDraft},
      {{v1::PLEDGE_STATE_WITHDRAWN, v1::PLEDGE_STATE_REVOKED}, PledgeStatus::kRevoked},
      {{v1::PLEDGE_STATE_TERMINATED}, PledgeStatus::kEnded},
      {{v1::PLEDGE_STATE_UNSPECIFIED}, PledgeStatus::kNone},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(StoreStatus(c.states), c.expected) << PledgeStatusLabel(c.expected);
  }
}

}  // namespace
}  // namespace fangxin::map
