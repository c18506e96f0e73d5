#include "clients/sdk/pagination_range.h"

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin::sdk {
namespace {

using ::testing::ElementsAre;

struct FakePages {
  std::map<std::string, absl::StatusOr<Page<int>>> pages;
  std::vector<std::string> requested;

  PaginationRange<int>::PageFetcher Fetcher() {
    return [this](const std::string& token) -> absl::StatusOr<Page<int>> {
      requested.push_back(token);
      auto it = pages.find(token);
      if (it == pages.end()) return absl::NotFoundError("no such page: " + token);
      return it->second;
    };
  }
};

Page<int> MakePage(std::vector<int> items, std::string next, int64_t revision = 9) {
  return Page<int>{std::move(items), std::move(next), revision};
}

TEST(PaginationRangeTest, FollowsTokensAcrossPagesAndSkipsEmptyPages) {
  FakePages fake;
  fake.pages.emplace("", MakePage({1, 2}, "a", 100));
  fake.pages.emplace("a", MakePage({}, "b", 100));  // a page may be empty yet have a successor
  fake.pages.emplace("b", MakePage({3}, "", 100));
  PaginationRange<int> range(fake.Fetcher());
  EXPECT_TRUE(fake.requested.empty()) << "nothing is fetched before begin()";

  std::vector<int> got;
  for (const absl::StatusOr<int>& v : range) {
    ASSERT_TRUE(v.ok());
    got.push_back(*v);
  }
  EXPECT_THAT(got, ElementsAre(1, 2, 3));
  EXPECT_THAT(fake.requested, ElementsAre("", "a", "b"));
  EXPECT_EQ(range.read_revision(), 100);
  EXPECT_EQ(range.pages_fetched(), 3);
  EXPECT_EQ(range.next_page_token(), "");
}

TEST(PaginationRangeTest, YieldsAMidwayErrorOnceThenEnds) {
  FakePages fake;
  fake.pages.emplace("", MakePage({1, 2}, "a"));
  fake.pages.emplace("a", absl::StatusOr<Page<int>>(absl::UnavailableError("gone")));
  PaginationRange<int> range(fake.Fetcher());

  std::vector<absl::StatusOr<int>> got;
  for (auto& v : range) got.push_back(v);

  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(*got[0], 1);
  EXPECT_EQ(*got[1], 2);
  EXPECT_EQ(got[2].status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(fake.requested, ElementsAre("", "a")) << "no fetch after the error";
  EXPECT_EQ(range.next_page_token(), "a") << "where to resume";
}

TEST(PaginationRangeTest, AnErrorOnTheFirstPageIsTheOnlyElement) {
  FakePages fake;
  fake.pages.emplace("", absl::StatusOr<Page<int>>(absl::PermissionDeniedError("no")));
  PaginationRange<int> range(fake.Fetcher());
  auto it = range.begin();
  ASSERT_NE(it, range.end());
  EXPECT_EQ(it->status().code(), absl::StatusCode::kPermissionDenied);
  ++it;
  EXPECT_EQ(it, range.end());
  EXPECT_EQ(range.read_revision(), 0);
}

TEST(PaginationRangeTest, EmptyListingIsAnEmptyRange) {
  FakePages fake;
  fake.pages.emplace("", MakePage({}, ""));
  PaginationRange<int> range(fake.Fetcher());
  EXPECT_EQ(range.begin(), range.end());
  EXPECT_EQ(range.read_revision(), 9);
}

TEST(PaginationRangeTest, MaxPagesStopsEarlyAndTellsWhereToResume) {
  FakePages fake;
  fake.pages.emplace("", MakePage({1}, "a"));
  fake.pages.emplace("a", MakePage({2}, "b"));
  fake.pages.emplace("b", MakePage({3}, ""));
  PaginationRange<int> range(fake.Fetcher());
  range.set_max_pages(2);
  std::vector<int> got;
  for (auto& v : range) got.push_back(*v);
  EXPECT_THAT(got, ElementsAre(1, 2));
  EXPECT_THAT(fake.requested, ElementsAre("", "a"));
  EXPECT_EQ(range.next_page_token(), "b");

  PaginationRange<int> rest(fake.Fetcher(), range.next_page_token());
  got.clear();
  for (auto& v : rest) got.push_back(*v);
  EXPECT_THAT(got, ElementsAre(3));
}

TEST(PaginationRangeTest, ARepeatedPageTokenIsAnErrorNotAnEndlessLoop) {
  FakePages fake;
  fake.pages.emplace("", MakePage({1}, "a"));
  fake.pages.emplace("a", MakePage({2}, "a"));
  PaginationRange<int> range(fake.Fetcher());
  std::vector<absl::StatusOr<int>> got;
  for (auto& v : range) got.push_back(v);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace fangxin::sdk
