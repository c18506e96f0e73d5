#include "clients/map/resume_policy.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace fangxin::map {
namespace {

using Action = NextStep::Action;

TEST(ResumePolicyTest, EveryWayAWatchEndsHasOneNextStep) {
  const struct {
    const char* name;
    absl::Status status;
    NextStep expected;
  } kCases[] = {
      {"compacted",
       ErrorWithReason(absl::StatusCode::kOutOfRange, "REVISION_COMPACTED", "gone",
                       {{"oldest_revision", "90"}}),
       {Action::kRelist, 0, false}},
      {"out of range without reason", absl::OutOfRangeError("x"), {Action::kRelist, 0, false}},
      {"too slow",
       ErrorWithReason(absl::StatusCode::kResourceExhausted, "WATCHER_TOO_SLOW", "slow",
                       {{"last_delivered_revision", "41"}}),
       {Action::kResume, 43, false}},
      {"other exhaustion", absl::ResourceExhaustedError("quota"), {Action::kResume, 43, true}},
      {"server restarting", absl::UnavailableError("down"), {Action::kResume, 43, true}},
      {"deadline", absl::DeadlineExceededError("late"), {Action::kResume, 43, true}},
      {"stream ended", absl::OkStatus(), {Action::kResume, 43, true}},
      {"key refused", absl::UnauthenticatedError("no key"), {Action::kResume, 43, true}},
      {"not allowed", absl::PermissionDeniedError("scope"), {Action::kResume, 43, true}},
      {"server bug", absl::InternalError("oops"), {Action::kResume, 43, true}},
  };
  for (const auto& c : kCases) {
    // The view holds revision 42 (the watcher's own count, not the error's metadata).
    const NextStep next = AfterWatchEnded(c.status, 42);
    EXPECT_EQ(next, c.expected) << c.name;
  }
}

}  // namespace
}  // namespace fangxin::map
