#include "clients/map/map_json.h"

#include "gtest/gtest.h"
#include "tests/unit/map/map_test_util.h"

namespace fangxin::map {
namespace {

using ::fangxin::map::testing::MakeDivision;
using ::fangxin::map::testing::MakeStore;

TEST(JsonQuoteTest, EscapesWhatJsonAndHtmlRequire) {
  EXPECT_EQ(JsonQuote("盐城 \"A\\B\"\n\t</script>\x01"),
            "\"盐城 \\\"A\\\\B\\\"\\n\\t\\u003c/script>\\u0001\"");
  EXPECT_EQ(JsonQuote(""), "\"\"");
}

TEST(MapJsonTest, StoresGeoJsonHasOnePointFeaturePerStore) {
  StoreSnapshot snapshot;
  snapshot.revision = 12;
  snapshot.generation = 2;
  v1::Store store = MakeStore("a", "320902", "320902001", 7);
  store.set_area("areas/wuyue");
  store.set_industry("retail");
  snapshot.stores.push_back({store, PledgeStatus::kActive, 9});
  v1::Store nowhere = MakeStore("b", "320921", "", 8, v1::STORE_STATE_CLOSED);
  nowhere.clear_location();
  snapshot.stores.push_back({nowhere, PledgeStatus::kNone, 8});

  EXPECT_EQ(
      StoresGeoJson(snapshot),
      R"({"type":"FeatureCollection","revision":12,"generation":2,"features":[)"
      R"({"type":"Feature","id":"merchants/91320902MA1XXXXXX0/stores/a","geometry":)"
      R"({"type":"Point","coordinates":[120.130000,33.380000]},"properties":)"
      R"({"name":"merchants/91320902MA1XXXXXX0/stores/a","display_name":"Store a",)"
      R"("division":"divisions/320902","township":"divisions/320902001","area":"areas/wuyue",)"
      R"("industry":"retail","state":"open","pledge_status":"active","changed_revision":9}},)"
      R"({"type":"Feature","id":"merchants/91320902MA1XXXXXX0/stores/b","geometry":null,)"
      R"("properties":{"name":"merchants/91320902MA1XXXXXX0/stores/b","display_name":"Store b",)"
      R"("division":"divisions/320921","township":"","area":"","industry":"","state":"closed",)"
      R"("pledge_status":"none","changed_revision":8}}]})");
}

TEST(MapJsonTest, EmptySnapshotsRenderEmptyLists) {
  EXPECT_EQ(StoresGeoJson({}),
            R"({"type":"FeatureCollection","revision":0,"generation":0,"features":[]})");
  EXPECT_EQ(ChangesJson({}), R"({"revision":0,"generation":0,"changes":[]})");
}

TEST(MapJsonTest, CoverageJsonHasTotalsAndEveryDivision) {
  CoverageSnapshot snapshot;
  snapshot.revision = 5;
  snapshot.generation = 1;
  snapshot.city = {4, 1};
  snapshot.main_urban = {2, 1};
  v1::Division county = MakeDivision("320902", v1::DIVISION_LEVEL_COUNTY, true);
  county.set_parent("divisions/320900");
  county.mutable_location()->set_latitude(33.3853);
  county.mutable_location()->set_longitude(120.131);
  snapshot.divisions.push_back({county, {2, 1}});
  snapshot.divisions.push_back(
      {MakeDivision("320902100", v1::DIVISION_LEVEL_TOWNSHIP, false), {0, 0}});

  EXPECT_EQ(CoverageJson(snapshot),
            R"({"revision":5,"generation":1,)"
            R"("city":{"open_stores":4,"pledged_stores":1,"coverage_ratio":0.2500},)"
            R"("main_urban":{"open_stores":2,"pledged_stores":1,"coverage_ratio":0.5000},)"
            R"("divisions":[{"name":"divisions/320902","code":"320902","display_name":"D320902",)"
            R"("level":"county","parent":"divisions/320900","main_urban":true,)"
            R"("location":{"lat":33.385300,"lng":120.131000},)"
            R"("open_stores":2,"pledged_stores":1,"coverage_ratio":0.5000},)"
            R"({"name":"divisions/320902100","code":"320902100","display_name":"D320902100",)"
            R"("level":"township","parent":"","main_urban":false,"location":null,)"
            R"("open_stores":0,"pledged_stores":0,"coverage_ratio":0.0000}]})");
}

TEST(MapJsonTest, ChangesJsonListsChangesNewestFirst) {
  ChangesSnapshot snapshot;
  snapshot.revision = 9;
  snapshot.generation = 1;
  snapshot.changes.push_back(
      {9, 1700000009000, "pledge_active", "merchants/M/stores/a", "五星小店", "divisions/320902"});
  snapshot.changes.push_back(
      {8, 1700000008000, "store_created", "merchants/M/stores/a", "五星小店", "divisions/320902"});
  EXPECT_EQ(ChangesJson(snapshot),
            R"({"revision":9,"generation":1,"changes":[)"
            R"({"revision":9,"commit_time_ms":1700000009000,"what":"pledge_active",)"
            R"("store":"merchants/M/stores/a","store_display_name":"五星小店",)"
            R"("division":"divisions/320902"},)"
            R"({"revision":8,"commit_time_ms":1700000008000,"what":"store_created",)"
            R"("store":"merchants/M/stores/a","store_display_name":"五星小店",)"
            R"("division":"divisions/320902"}]})");
}

}  // namespace
}  // namespace fangxin::map
