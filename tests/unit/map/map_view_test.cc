#include "clients/map/map_view.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/map/map_test_util.h"

namespace fangxin::map {
namespace {

using ::fangxin::map::testing::MakeDivision;
using ::fangxin::map::testing::MakeEvent;
using ::fangxin::map::testing::MakePledge;
using ::fangxin::map::testing::MakeStore;
using ::fangxin::map::testing::StoreName;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

constexpr char kCity[] = "divisions/320900";
constexpr char kTinghu[] = "divisions/320902";      // county, main-urban
constexpr char kWuxing[] = "divisions/320902001";   // township of Tinghu, main-urban
constexpr char kNanyang[] = "divisions/320902100";  // township of Tinghu, not main-urban
constexpr char kXiangshui[] = "divisions/320921";   // county, not main-urban

CoverageCounts Counts(int64_t open, int64_t pledged) { return {open, pledged}; }

StoreFilter Filter(const std::string& division, const std::string& area = "",
                   std::optional<PledgeStatus> status = std::nullopt) {
  StoreFilter filter;
  filter.division = division;
  filter.area = area;
  filter.pledge_status = status;
  return filter;
}

StoreFilter ChangedAfter(int64_t revision) {
  StoreFilter filter;
  filter.changed_after = revision;
  return filter;
}

class MapViewTest : public ::testing::Test {
 protected:
  // The divisions every test starts from, listed at revision 1.
  static Listing BaseListing() {
    Listing listing;
    listing.divisions = {MakeDivision("320900", v1::DIVISION_LEVEL_CITY, false),
                         MakeDivision("320902", v1::DIVISION_LEVEL_COUNTY, true),
                         MakeDivision("320902001", v1::DIVISION_LEVEL_TOWNSHIP, true),
                         MakeDivision("320902100", v1::DIVISION_LEVEL_TOWNSHIP, false),
                         MakeDivision("320921", v1::DIVISION_LEVEL_COUNTY, false)};
    listing.revision = 1;
    return listing;
  }

  void Apply(const v1::Event& event) { view_.ApplyEvents({event}); }

  MapView view_;
};

TEST_F(MapViewTest, ListingCountsOpenStoresWithActiveNoReasonPledges) {
  Listing listing = BaseListing();
  listing.stores = {MakeStore("a", "320902", "320902001", 2),
                    MakeStore("b", "320902", "320902100", 3), MakeStore("c", "320921", "", 4),
                    MakeStore("d", "320921", "", 5, v1::STORE_STATE_CLOSED)};
  listing.pledges = {
      MakePledge("p1", "a", v1::PLEDGE_STATE_ACTIVE, 6),
      MakePledge("p2", "c", v1::PLEDGE_STATE_SUSPENDED, 7),
      MakePledge("p3", "d", v1::PLEDGE_STATE_ACTIVE, 8),
      MakePledge("p4", "b", v1::PLEDGE_STATE_ACTIVE, 9, v1::PLEDGE_KIND_ADVANCE_COMPENSATION)};
  listing.revision = 9;
  view_.Reset(listing);

  EXPECT_EQ(view_.CityCoverage(), Counts(3, 1));
  // a lies in a main-urban township; b's township is not main-urban although its county is.
  EXPECT_EQ(view_.MainUrbanCoverage(), Counts(1, 1));
  EXPECT_EQ(view_.CoverageOf(kTinghu), Counts(2, 1));
  EXPECT_EQ(view_.CoverageOf(kWuxing), Counts(1, 1));
  EXPECT_EQ(view_.CoverageOf(kNanyang), Counts(1, 0));
  EXPECT_EQ(view_.CoverageOf(kXiangshui), Counts(1, 0));
  EXPECT_EQ(view_.CoverageOf(kCity), Counts(0, 0));  // the city's totals are CityCoverage()
  EXPECT_EQ(view_.OpenStoreCount(), 3u);
  EXPECT_EQ(view_.StatusOf(StoreName("a")), PledgeStatus::kActive);
  EXPECT_EQ(view_.StatusOf(StoreName("b")), PledgeStatus::kNone);  // advance compensation only
  EXPECT_EQ(view_.StatusOf(StoreName("c")), PledgeStatus::kSuspended);
  EXPECT_EQ(view_.StatusOf(StoreName("zz")), std::nullopt);
  EXPECT_EQ(view_.revision(), 9);
  EXPECT_DOUBLE_EQ(view_.CityCoverage().ratio(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(CoverageCounts{}.ratio(), 0.0);
}

TEST_F(MapViewTest, StoreWithoutTownshipIsMainUrbanWhenItsCountyIs) {
  view_.Reset(BaseListing());
  Apply(MakeEvent(MakeStore("a", "320902", "", 2), v1::EVENT_TYPE_CREATED));
  Apply(MakeEvent(MakeStore("b", "320921", "", 3), v1::EVENT_TYPE_CREATED));
  EXPECT_EQ(view_.MainUrbanCoverage(), Counts(1, 0));
  EXPECT_EQ(view_.CityCoverage(), Counts(2, 0));
}

TEST_F(MapViewTest, OlderOrSameModRevisionIsIgnored) {
  view_.Reset(BaseListing());
  v1::Store newer = MakeStore("a", "320902", "", 5);
  newer.set_display_name("newer");
  Apply(MakeEvent(newer, v1::EVENT_TYPE_CREATED));
  v1::Store older = MakeStore("a", "320921", "", 4);
  older.set_display_name("older");
  Apply(MakeEvent(older));
  Apply(MakeEvent(MakeStore("a", "320921", "", 5)));

  StoreSnapshot snapshot = view_.Stores({});
  ASSERT_EQ(snapshot.stores.size(), 1u);
  EXPECT_EQ(snapshot.stores[0].store.display_name(), "newer");
  EXPECT_EQ(view_.CoverageOf(kXiangshui), Counts(0, 0));
  EXPECT_EQ(view_.LatestChanges().changes.size(), 1u);  // only the applied event
}

TEST_F(MapViewTest, ListingThenOverlappingWatchEndsInSync) {
  // Stores listed at revision 10, pledges at 12; the watch resumes from 10 + 1 and replays
  // what the pledge listing already holds.
  Listing listing = BaseListing();
  listing.stores = {MakeStore("a", "320902", "320902001", 8)};
  listing.pledges = {MakePledge("p1", "a", v1::PLEDGE_STATE_ACTIVE, 12),
                     MakePledge("p2", "b", v1::PLEDGE_STATE_ACTIVE, 12)};
  listing.revision = 10;
  view_.Reset(listing);
  EXPECT_EQ(view_.StatusOf(StoreName("a")), PledgeStatus::kActive);

  Apply(MakeEvent(MakeStore("b", "320921", "", 11), v1::EVENT_TYPE_CREATED));
  Apply(MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_DRAFT, 11)));  // older than listed
  Apply(MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_ACTIVE, 12)));
  Apply(MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_SUSPENDED, 13)));

  EXPECT_EQ(view_.StatusOf(StoreName("a")), PledgeStatus::kSuspended);
  // b's pledge was listed before b itself arrived.
  EXPECT_EQ(view_.StatusOf(StoreName("b")), PledgeStatus::kActive);
  EXPECT_EQ(view_.CityCoverage(), Counts(2, 1));
  EXPECT_EQ(view_.revision(), 13);
  EXPECT_THAT(view_.LatestChanges().changes, ElementsAre(Field(&Change::what, "pledge_suspended"),
                                                         Field(&Change::what, "store_created")));
}

TEST_F(MapViewTest, PledgeTransitionsMoveCoverage) {
  view_.Reset(BaseListing());
  Apply(MakeEvent(MakeStore("a", "320902", "320902001", 2), v1::EVENT_TYPE_CREATED));
  const struct {
    v1::PledgeState state;
    PledgeStatus status;
    int64_t pledged;
  } kSteps[] = {
      {v1::PLEDGE_STATE_DRAFT, PledgeStatus::kDraft, 0},
      {v1::PLEDGE_STATE_ACTIVE, PledgeStatus::kActive, 1},
      {v1::PLEDGE_STATE_SUSPENDED, PledgeStatus::kSuspended, 0},
      {v1::PLEDGE_STATE_ACTIVE, PledgeStatus::kActive, 1},
      {v1::PLEDGE_STATE_REVOKED, PledgeStatus::kRevoked, 0},
  };
  int64_t revision = 3;
  for (const auto& step : kSteps) {
    Apply(MakeEvent(MakePledge("p1", "a", step.state, revision++)));
    EXPECT_EQ(view_.StatusOf(StoreName("a")), step.status) << v1::PledgeState_Name(step.state);
    EXPECT_EQ(view_.CoverageOf(kWuxing), Counts(1, step.pledged));
    EXPECT_EQ(view_.CoverageOf(kTinghu), Counts(1, step.pledged));
    EXPECT_EQ(view_.MainUrbanCoverage(), Counts(1, step.pledged));
    EXPECT_EQ(view_.CityCoverage(), Counts(1, step.pledged));
  }
}

TEST_F(MapViewTest, ClosingAStoreTakesItOutOfCoverageAndOffTheMap) {
  view_.Reset(BaseListing());
  Apply(MakeEvent(MakeStore("a", "320902", "", 2), v1::EVENT_TYPE_CREATED));
  Apply(MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_ACTIVE, 3)));
  EXPECT_EQ(view_.CoverageOf(kTinghu), Counts(1, 1));

  // Closing a store terminates its pledges in the same commit.
  v1::Event closed = MakeEvent(MakeStore("a", "320902", "", 4, v1::STORE_STATE_CLOSED));
  v1::Event terminated = MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_TERMINATED, 4));
  view_.ApplyEvents({closed, terminated});

  EXPECT_EQ(view_.CoverageOf(kTinghu), Counts(0, 0));
  EXPECT_EQ(view_.CityCoverage(), Counts(0, 0));
  EXPECT_THAT(view_.Stores({}).stores, IsEmpty());
  // A page that saw revision 3 is told about the closed store, so it can remove it.
  StoreSnapshot changed = view_.Stores(ChangedAfter(3));
  ASSERT_EQ(changed.stores.size(), 1u);
  EXPECT_EQ(changed.stores[0].store.state(), v1::STORE_STATE_CLOSED);
  EXPECT_EQ(changed.stores[0].changed_revision, 4);
  EXPECT_THAT(
      view_.LatestChanges().changes,
      ElementsAre(Field(&Change::what, "pledge_ended"), Field(&Change::what, "store_closed"),
                  Field(&Change::what, "pledge_active"), Field(&Change::what, "store_created")));
}

TEST_F(MapViewTest, DeletionLeavesATombstoneAgainstOlderCopies) {
  view_.Reset(BaseListing());
  Apply(MakeEvent(MakeStore("a", "320902", "", 2), v1::EVENT_TYPE_CREATED));
  Apply(MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_ACTIVE, 3)));
  Apply(MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_ACTIVE, 3), v1::EVENT_TYPE_DELETED, 5));
  EXPECT_EQ(view_.StatusOf(StoreName("a")), PledgeStatus::kNone);

  Apply(MakeEvent(MakePledge("p1", "a", v1::PLEDGE_STATE_ACTIVE, 4)));  // replayed, older
  EXPECT_EQ(view_.StatusOf(StoreName("a")), PledgeStatus::kNone);
  EXPECT_EQ(view_.CityCoverage(), Counts(1, 0));
}

TEST_F(MapViewTest, ChangesKeepTheLatestNNewestFirst) {
  MapView::Options options;
  options.max_changes = 3;
  MapView view(options);
  view.Reset(BaseListing());
  for (int64_t revision = 2; revision <= 6; ++revision) {
    view.ApplyEvents({MakeEvent(MakeStore("s" + std::to_string(revision), "320902", "", revision),
                                v1::EVENT_TYPE_CREATED)});
  }
  ChangesSnapshot snapshot = view.LatestChanges();
  EXPECT_THAT(snapshot.changes,
              ElementsAre(Field(&Change::revision, 6), Field(&Change::revision, 5),
                          Field(&Change::revision, 4)));
  EXPECT_EQ(snapshot.changes[0].store, StoreName("s6"));
  EXPECT_EQ(snapshot.changes[0].store_display_name, "Store s6");
  EXPECT_EQ(snapshot.changes[0].division, kTinghu);
  EXPECT_EQ(snapshot.changes[0].commit_time_ms, (1700000000 + 6) * 1000LL);
  EXPECT_EQ(snapshot.revision, 6);
}

TEST_F(MapViewTest, ResetStartsANewGenerationAndForgetsWhatIsGone) {
  Listing listing = BaseListing();
  listing.stores = {MakeStore("a", "320902", "", 2)};
  view_.Reset(listing);
  const int64_t first = view_.generation();

  Listing relisted = BaseListing();
  relisted.stores = {MakeStore("b", "320921", "", 7)};
  relisted.revision = 9;
  view_.Reset(relisted);

  EXPECT_EQ(view_.generation(), first + 1);
  EXPECT_EQ(view_.StatusOf(StoreName("a")), std::nullopt);
  EXPECT_EQ(view_.CoverageOf(kTinghu), Counts(0, 0));
  EXPECT_EQ(view_.CoverageOf(kXiangshui), Counts(1, 0));
  EXPECT_EQ(view_.revision(), 9);
}

TEST_F(MapViewTest, DivisionBecomingMainUrbanRecountsTheMainUrbanArea) {
  view_.Reset(BaseListing());
  Apply(MakeEvent(MakeStore("a", "320921", "", 2), v1::EVENT_TYPE_CREATED));
  EXPECT_EQ(view_.MainUrbanCoverage(), Counts(0, 0));
  Apply(MakeEvent(MakeDivision("320921", v1::DIVISION_LEVEL_COUNTY, true, 3)));
  EXPECT_EQ(view_.MainUrbanCoverage(), Counts(1, 0));
}

TEST_F(MapViewTest, StoresAreFilteredByDivisionAreaAndPledgeStatus) {
  Listing listing = BaseListing();
  v1::Store in_mall = MakeStore("a", "320902", "320902001", 2);
  in_mall.set_area("areas/wuyue");
  listing.stores = {in_mall, MakeStore("b", "320902", "320902100", 3),
                    MakeStore("c", "320921", "", 4)};
  listing.pledges = {MakePledge("p1", "b", v1::PLEDGE_STATE_ACTIVE, 5)};
  listing.revision = 5;
  view_.Reset(listing);

  auto names = [&](const StoreFilter& filter) {
    std::vector<std::string> out;
    for (const StorePoint& p : view_.Stores(filter).stores) out.push_back(p.store.name());
    return out;
  };
  EXPECT_THAT(names({}), ElementsAre(StoreName("a"), StoreName("b"), StoreName("c")));
  EXPECT_THAT(names(Filter(kTinghu)), ElementsAre(StoreName("a"), StoreName("b")));
  EXPECT_THAT(names(Filter(kNanyang)), ElementsAre(StoreName("b")));
  EXPECT_THAT(names(Filter("", "areas/wuyue")), ElementsAre(StoreName("a")));
  EXPECT_THAT(names(Filter("", "", PledgeStatus::kActive)), ElementsAre(StoreName("b")));
  EXPECT_THAT(names(Filter("", "", PledgeStatus::kNone)),
              ElementsAre(StoreName("a"), StoreName("c")));
  EXPECT_THAT(names(Filter(kXiangshui, "", PledgeStatus::kActive)), IsEmpty());
  // b's pledge changed at 5, c was created at 4.
  EXPECT_THAT(names(ChangedAfter(3)), ElementsAre(StoreName("b"), StoreName("c")));
}

TEST_F(MapViewTest, ProgressAdvancesTheRevisionButNeverLowersIt) {
  view_.Reset(BaseListing());
  view_.AdvanceTo(40);
  EXPECT_EQ(view_.revision(), 40);
  view_.AdvanceTo(30);
  EXPECT_EQ(view_.revision(), 40);
  EXPECT_EQ(view_.Coverage().revision, 40);
}

TEST_F(MapViewTest, CoverageSnapshotListsEveryDivisionWithItsCounts) {
  view_.Reset(BaseListing());
  Apply(MakeEvent(MakeStore("a", "320902", "320902001", 2), v1::EVENT_TYPE_CREATED));
  CoverageSnapshot snapshot = view_.Coverage();
  ASSERT_EQ(snapshot.divisions.size(), 5u);
  EXPECT_EQ(snapshot.divisions[1].division.name(), kTinghu);
  EXPECT_EQ(snapshot.divisions[1].counts, Counts(1, 0));
  EXPECT_EQ(snapshot.divisions[4].division.name(), kXiangshui);
  EXPECT_EQ(snapshot.divisions[4].counts, Counts(0, 0));
  EXPECT_EQ(snapshot.city, Counts(1, 0));
  EXPECT_EQ(snapshot.main_urban, Counts(1, 0));
}

TEST_F(MapViewTest, EventsOfOtherCollectionsAreSkipped) {
  view_.Reset(BaseListing());
  v1::Merchant merchant;
  merchant.set_name("merchants/91320902MA1XXXXXX0");
  merchant.set_mod_revision(2);
  Apply(MakeEvent(merchant, v1::EVENT_TYPE_CREATED));
  EXPECT_THAT(view_.LatestChanges().changes, IsEmpty());
  EXPECT_EQ(view_.revision(), 2);
  EXPECT_EQ(view_.CityCoverage(), Counts(0, 0));
}

}  // namespace
}  // namespace fangxin::map
