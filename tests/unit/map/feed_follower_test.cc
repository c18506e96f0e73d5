#include "clients/map/feed_follower.h"

#include <deque>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/map/map_test_util.h"

namespace fangxin::map {
namespace {

using ::fangxin::map::testing::MakeDivision;
using ::fangxin::map::testing::MakeEvent;
using ::fangxin::map::testing::MakeStore;
using ::fangxin::map::testing::StoreName;
using ::testing::ElementsAre;

// A FeedSource that plays a script: each List pops a listing, each Watch pops a watch (its
// responses, then its final status). With the watch script used up, Watch blocks until Cancel,
// like an idle stream, and the test can look at the result.
class ScriptedFeedSource : public FeedSource {
 public:
  struct ScriptedWatch {
    std::vector<v1::WatchEventsResponse> responses;
    absl::Status end;
  };

  void AddListing(absl::StatusOr<Listing> listing) {
    absl::MutexLock lock(&mu_);
    listings_.push_back(std::move(listing));
  }
  void AddWatch(ScriptedWatch watch) {
    absl::MutexLock lock(&mu_);
    watches_.push_back(std::move(watch));
  }

  absl::StatusOr<Listing> List() override {
    absl::MutexLock lock(&mu_);
    ++list_calls_;
    if (listings_.empty()) return absl::UnavailableError("no listing scripted");
    absl::StatusOr<Listing> listing = std::move(listings_.front());
    listings_.pop_front();
    return listing;
  }

  absl::Status Watch(
      int64_t from_revision,
      const std::function<void(const v1::WatchEventsResponse&)>& on_response) override {
    ScriptedWatch watch;
    {
      absl::MutexLock lock(&mu_);
      watch_from_.push_back(from_revision);
      if (watches_.empty()) {
        idle_ = true;
        mu_.Await(absl::Condition(&cancelled_));
        return absl::CancelledError("cancelled");
      }
      watch = std::move(watches_.front());
      watches_.pop_front();
    }
    for (const v1::WatchEventsResponse& response : watch.responses) on_response(response);
    return watch.end;
  }

  void Cancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }

  // Waits (at most 10 s) until the script is used up and the follower sits in an idle watch.
  bool WaitUntilIdle() {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&idle_), absl::Seconds(10));
  }
  std::vector<int64_t> watch_from() {
    absl::MutexLock lock(&mu_);
    return watch_from_;
  }
  int list_calls() {
    absl::MutexLock lock(&mu_);
    return list_calls_;
  }

 private:
  absl::Mutex mu_;
  std::deque<absl::StatusOr<Listing>> listings_ ABSL_GUARDED_BY(mu_);
  std::deque<ScriptedWatch> watches_ ABSL_GUARDED_BY(mu_);
  std::vector<int64_t> watch_from_ ABSL_GUARDED_BY(mu_);
  int list_calls_ ABSL_GUARDED_BY(mu_) = 0;
  bool idle_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

Listing ListingAt(int64_t revision, std::vector<v1::Store> stores) {
  Listing listing;
  listing.divisions = {MakeDivision("320902", v1::DIVISION_LEVEL_COUNTY, true)};
  listing.stores = std::move(stores);
  listing.revision = revision;
  return listing;
}

v1::WatchEventsResponse Response(std::vector<v1::Event> events, int64_t progress) {
  v1::WatchEventsResponse response;
  for (v1::Event& e : events) *response.add_events() = std::move(e);
  response.set_progress_revision(progress);
  return response;
}

class FeedFollowerTest : public ::testing::Test {
 protected:
  FeedFollowerTest() {
    options_.initial_backoff = absl::Milliseconds(1);
    options_.max_backoff = absl::Milliseconds(2);
  }

  // Runs the follower until the script is used up, then stops it.
  void RunScript() {
    FeedFollower follower(&source_, &view_, options_);
    follower.Start();
    ASSERT_TRUE(source_.WaitUntilIdle());
    status_ = follower.status();
    follower.Stop();
  }

  ScriptedFeedSource source_;
  MapView view_;
  FeedFollower::Options options_;
  FeedStatus status_;
};

TEST_F(FeedFollowerTest, ListsThenWatchesFromTheListingRevisionAndResumesAfterAnOutage) {
  source_.AddListing(ListingAt(10, {MakeStore("a", "320902", "", 9)}));
  source_.AddWatch(
      {{Response({MakeEvent(MakeStore("b", "320902", "", 11), v1::EVENT_TYPE_CREATED)}, 11),
        Response({}, 15)},
       absl::UnavailableError("server restarting")});
  RunScript();

  EXPECT_THAT(source_.watch_from(), ElementsAre(11, 16));
  EXPECT_EQ(source_.list_calls(), 1);
  EXPECT_EQ(view_.StatusOf(StoreName("b")), PledgeStatus::kNone);
  EXPECT_EQ(view_.CoverageOf("divisions/320902").open_stores, 2);
  EXPECT_EQ(view_.revision(), 15);
  EXPECT_TRUE(status_.listed);
  EXPECT_EQ(status_.lists, 1);
  EXPECT_EQ(status_.watches, 2);
  EXPECT_THAT(status_.last_error, ::testing::HasSubstr("server restarting"));
}

TEST_F(FeedFollowerTest, CompactionMakesItListAgain) {
  source_.AddListing(ListingAt(5, {MakeStore("a", "320902", "", 4)}));
  source_.AddWatch({{},
                    ErrorWithReason(absl::StatusCode::kOutOfRange, "REVISION_COMPACTED",
                                    "compacted", {{"oldest_revision", "20"}})});
  source_.AddListing(ListingAt(20, {MakeStore("b", "320902", "", 18)}));
  RunScript();

  EXPECT_EQ(source_.list_calls(), 2);
  EXPECT_THAT(source_.watch_from(), ElementsAre(6, 21));
  EXPECT_EQ(view_.StatusOf(StoreName("a")), std::nullopt);  // gone by the second listing
  EXPECT_EQ(view_.StatusOf(StoreName("b")), PledgeStatus::kNone);
  EXPECT_EQ(view_.generation(), 2);
  EXPECT_EQ(status_.lists, 2);
}

TEST_F(FeedFollowerTest, TooSlowResumesFromTheLastRevisionWithoutListing) {
  source_.AddListing(ListingAt(10, {}));
  source_.AddWatch({{Response({}, 30)},
                    ErrorWithReason(absl::StatusCode::kResourceExhausted, "WATCHER_TOO_SLOW",
                                    "slow", {{"last_delivered_revision", "30"}})});
  RunScript();

  EXPECT_EQ(source_.list_calls(), 1);
  EXPECT_THAT(source_.watch_from(), ElementsAre(11, 31));
}

TEST_F(FeedFollowerTest, AFailedListingIsRetried) {
  source_.AddListing(absl::UnavailableError("not up yet"));
  source_.AddListing(ListingAt(3, {}));
  RunScript();

  EXPECT_EQ(source_.list_calls(), 2);
  EXPECT_THAT(source_.watch_from(), ElementsAre(4));
  EXPECT_TRUE(status_.listed);
  EXPECT_EQ(status_.lists, 1);
}

TEST_F(FeedFollowerTest, NotListedUntilAListingSucceeds) {
  FeedFollower follower(&source_, &view_, options_);
  EXPECT_FALSE(follower.status().listed);
  follower.Stop();  // never started: Stop is still safe
}

}  // namespace
}  // namespace fangxin::map
