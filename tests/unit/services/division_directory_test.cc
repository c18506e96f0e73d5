#include "services/common/division_directory.h"

#include <cmath>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

using ::testing::HasSubstr;

std::string TestdataPath(const std::string& file) {
  return std::string(FANGXIN_RULES_TESTDATA_DIR) + "/" + file;
}

constexpr char kHeader[] = "code,name,level,parent_code,main_urban,lat,lng\n";

absl::StatusOr<DivisionDirectory> Read(const std::string& text) {
  std::istringstream in(text);
  return DivisionDirectory::ReadCsv(&in, "test.csv");
}

class YanchengDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = DivisionDirectory::LoadCsv(TestdataPath("yancheng-divisions.csv"));
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = *std::move(dir);
  }
  DivisionDirectory dir_;
};

TEST_F(YanchengDirectoryTest, LoadsEveryRow) {
  EXPECT_EQ(dir_.size(), 165u);
  int city = 0, county = 0, township = 0;
  for (const v1::Division& d : dir_.All()) {
    city += d.level() == v1::DIVISION_LEVEL_CITY;
    county += d.level() == v1::DIVISION_LEVEL_COUNTY;
    township += d.level() == v1::DIVISION_LEVEL_TOWNSHIP;
    EXPECT_EQ(d.name(), "divisions/" + d.code());
    EXPECT_EQ(d.state(), v1::DIVISION_STATE_ACTIVE);
  }
  EXPECT_EQ(city, 1);
  EXPECT_EQ(county, 10);
  EXPECT_EQ(township, 154);
}

TEST_F(YanchengDirectoryTest, ProducesDivisionMessages) {
  const v1::Division* d = dir_.Find("divisions/320902");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->code(), "320902");
  EXPECT_EQ(d->display_name(), "亭湖区");
  EXPECT_EQ(d->level(), v1::DIVISION_LEVEL_COUNTY);
  EXPECT_EQ(d->parent(), "divisions/320900");
  EXPECT_TRUE(d->main_urban());
  ASSERT_TRUE(d->has_location());
  EXPECT_DOUBLE_EQ(d->location().latitude(), 33.3853);
  EXPECT_DOUBLE_EQ(d->location().longitude(), 120.1310);

  const v1::Division* city = dir_.Find("320900");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->level(), v1::DIVISION_LEVEL_CITY);
  EXPECT_EQ(city->parent(), "");
  EXPECT_FALSE(city->main_urban());

  const v1::Division* street = dir_.Find("320902052");  // 新河街道, no position in the table.
  ASSERT_NE(street, nullptr);
  EXPECT_EQ(street->display_name(), "新河街道");
  EXPECT_TRUE(street->main_urban());
  EXPECT_FALSE(street->has_location());

  const v1::Division* town = dir_.Find("divisions/320902100");  // 南洋镇
  ASSERT_NE(town, nullptr);
  EXPECT_FALSE(town->main_urban());
}

TEST_F(YanchengDirectoryTest, FindAcceptsNameOrCodeOnly) {
  EXPECT_EQ(dir_.Find("320971"), dir_.Find("divisions/320971"));
  EXPECT_NE(dir_.Find("320971"), nullptr);
  for (const char* unknown : {"", "divisions/", "divisions/999999", "3209", "亭湖区",
                              "areas/320902", "divisions/320902/x"}) {
    EXPECT_EQ(dir_.Find(unknown), nullptr) << unknown;
  }
}

TEST_F(YanchengDirectoryTest, Levels) {
  struct Case {
    std::string name;
    bool is_county;
    std::string county;  // County(name)->code(), "" for nullptr.
  };
  const std::vector<Case> cases = {
      {"divisions/320900", false, ""},      {"divisions/320902", true, "320902"},
      {"divisions/320971", true, "320971"},  // A functional zone is county-level.
      {"divisions/320981", true, "320981"}, {"divisions/320902001", false, "320902"},
      {"320903050", false, "320903"},       {"divisions/320981122", false, "320981"},
      {"divisions/123456", false, ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(dir_.IsCounty(c.name), c.is_county) << c.name;
    const v1::Division* county = dir_.County(c.name);
    EXPECT_EQ(county == nullptr ? "" : county->code(), c.county) << c.name;
  }
}

TEST_F(YanchengDirectoryTest, IsTownshipOf) {
  struct Case {
    std::string township;
    std::string county;
    bool expected;
  };
  const std::vector<Case> cases = {
      {"divisions/320902052", "divisions/320902", true},   // 新河街道 in 亭湖区
      {"320902050", "320902", true},                       // 伍佑街道, by code
      {"divisions/320903050", "divisions/320903", true},   // 新都街道 in 盐都区
      {"divisions/320903050", "divisions/320902", false},  // ... not in 亭湖区
      {"divisions/320902", "divisions/320900", false},     // A county is not a township.
      {"divisions/320902052", "divisions/320900", false},  // The city is not a county.
      {"divisions/320902052", "divisions/320902052", false},
      {"divisions/999999999", "divisions/320902", false},
      {"divisions/320902052", "divisions/999999", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(dir_.IsTownshipOf(c.township, c.county), c.expected)
        << c.township << " in " << c.county;
  }
}

TEST_F(YanchengDirectoryTest, ChildrenInCodeOrder) {
  std::vector<std::string> counties;
  for (const v1::Division* d : dir_.Children("divisions/320900")) counties.push_back(d->code());
  EXPECT_EQ(counties, (std::vector<std::string>{"320902", "320903", "320904", "320921", "320922",
                                                "320923", "320924", "320925", "320971", "320981"}));
  auto tinghu = dir_.Children("320902");
  ASSERT_EQ(tinghu.size(), 16u);
  EXPECT_EQ(tinghu.front()->code(), "320902001");
  EXPECT_EQ(tinghu.back()->code(), "320902402");
  for (const v1::Division* d : tinghu) EXPECT_EQ(d->parent(), "divisions/320902");
  EXPECT_TRUE(dir_.Children("divisions/320902001").empty());
  EXPECT_TRUE(dir_.Children("divisions/999999").empty());
}

TEST_F(YanchengDirectoryTest, AllIsSortedByCode) {
  const auto& all = dir_.All();
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].code(), all[i].code());
}

TEST_F(YanchengDirectoryTest, SafeToReadFromManyThreads) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      for (int i = 0; i < 2000; ++i) {
        ASSERT_TRUE(dir_.IsTownshipOf("divisions/320902052", "divisions/320902"));
        ASSERT_EQ(dir_.Children("320900").size(), 10u);
      }
    });
  }
  for (auto& t : threads) t.join();
}

TEST_F(YanchengDirectoryTest, PointersSurviveAMove) {
  const v1::Division* before = dir_.Find("320902");
  DivisionDirectory moved = std::move(dir_);
  EXPECT_EQ(moved.Find("320902"), before);
}

TEST(DivisionDirectoryTest, LoadCsvMissingFileIsNotFound) {
  auto dir = DivisionDirectory::LoadCsv(TestdataPath("no-such-file.csv"));
  EXPECT_EQ(dir.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(dir.status().message(), HasSubstr("no-such-file.csv"));
}

TEST(DivisionDirectoryTest, ColumnsMayComeInAnyOrderWithExtras) {
  auto dir = Read(
      "lng,lat,main_urban,parent_code,level,name,code,note\r\n"
      "120.1586,33.3488,0,,city,盐城市,320900,x\r\n"
      ",,1,320900,county,\"亭湖区\",320902,\r\n");
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_TRUE(dir->IsCounty("320902"));
  EXPECT_FALSE(dir->Find("320902")->has_location());
  EXPECT_DOUBLE_EQ(dir->Find("320900")->location().longitude(), 120.1586);
}

// Each bad table fails with INVALID_ARGUMENT naming the file, the line and the problem.
TEST(DivisionDirectoryTest, BadRowsNameTheLine) {
  const std::string city = "320900,盐城市,city,,0,33.3,120.1\n";
  const std::string county = "320902,亭湖区,county,320900,1,,\n";
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "test.csv: empty file, expected a header"},
      {"code,name,level\n", "test.csv:1: header has no column 'parent_code'"},
      {std::string(kHeader) + "320900,盐城市,city,,0,33.3\n",
       "test.csv:2: has 6 fields, the header has 7"},
      {std::string(kHeader) + city + "320902,亭湖区,district,320900,1,,\n",
       "test.csv:3: level 'district' is not one of city, county, township"},
      {std::string(kHeader) + city + "320902,亭湖区,county,320900,yes,,\n",
       "test.csv:3: main_urban 'yes' must be 0 or 1"},
      {std::string(kHeader) + city + "320902,亭湖区,county,320900,1,33.3,\n",
       "test.csv:3: lat and lng must both be set or both be empty"},
      {std::string(kHeader) + city + "320902,亭湖区,county,320900,1,93.3,120\n",
       "test.csv:3: lat '93.3' is not a number between -90 and 90"},
      {std::string(kHeader) + city + "320902,亭湖区,county,320900,1,33,east\n",
       "test.csv:3: lng 'east' is not a number between -180 and 180"},
      {std::string(kHeader) + city + "32090X,亭湖区,county,320900,1,,\n",
       "test.csv:3: code '32090X' must be 6 or 9 digits"},
      {std::string(kHeader) + city + "320902001,亭湖区,county,320900,1,,\n",
       "test.csv:3: a city or county code has 6 digits"},
      {std::string(kHeader) + city + county + "3209020,五星街道,township,320902,1,,\n",
       "test.csv:4: code '3209020' must be 6 or 9 digits"},
      {std::string(kHeader) + city + ",亭湖区,county,320900,1,,\n",
       "test.csv:3: code '' is required"},
      {std::string(kHeader) + city + "320902,,county,320900,1,,\n", "test.csv:3: name is required"},
      {std::string(kHeader) + city + county + county, "test.csv:4: duplicate code 320902"},
      {std::string(kHeader) + city + "320902,亭湖区,county,320999,1,,\n",
       "test.csv:3: unknown parent 320999"},
      {std::string(kHeader) + city + county + "320902001,五星街道,township,320900,1,,\n",
       "test.csv:4: parent 320900 is not one level up"},
      {std::string(kHeader) + city + county + "320903001,张庄街道,township,320902,1,,\n",
       "test.csv:4: township code 320903001 does not begin with its county code 320902"},
      {std::string(kHeader) + city + county + "320902001,五星街道,township,,1,,\n",
       "test.csv:4: a township needs a parent county"},
      {std::string(kHeader) + city + "320902,\"亭湖区\"x,county,320900,1,,\n",
       "test.csv: line 3, field 2: text after the closing quote"},
  };
  for (const Case& c : cases) {
    auto dir = Read(c.text);
    EXPECT_EQ(dir.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(dir.status().message(), HasSubstr(c.message)) << c.text;
  }
}

v1::Division Make(const std::string& code, const std::string& display_name, v1::DivisionLevel level,
                  const std::string& parent) {
  v1::Division d;
  d.set_code(code);
  d.set_display_name(display_name);
  d.set_level(level);
  d.set_parent(parent);
  return d;
}

TEST(DivisionDirectoryTest, FromDivisionsFillsNameAndState) {
  auto dir = DivisionDirectory::FromDivisions(
      {Make("320902001", "五星街道", v1::DIVISION_LEVEL_TOWNSHIP, "divisions/320902"),
       Make("320902", "亭湖区", v1::DIVISION_LEVEL_COUNTY, "")});  // A county may be top-level.
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_EQ(dir->All()[0].code(), "320902");
  EXPECT_EQ(dir->All()[1].name(), "divisions/320902001");
  EXPECT_EQ(dir->All()[1].state(), v1::DIVISION_STATE_ACTIVE);
  EXPECT_TRUE(dir->IsTownshipOf("320902001", "320902"));
}

TEST(DivisionDirectoryTest, FromDivisionsChecksTheSameRules) {
  struct Case {
    std::vector<v1::Division> divisions;
    std::string message;
  };
  v1::Division wrong_name = Make("320902", "亭湖区", v1::DIVISION_LEVEL_COUNTY, "");
  wrong_name.set_name("divisions/320903");
  v1::Division bad_location = Make("320902", "亭湖区", v1::DIVISION_LEVEL_COUNTY, "");
  bad_location.mutable_location()->set_latitude(std::nan(""));
  const std::vector<Case> cases = {
      {{Make("320902", "亭湖区", v1::DIVISION_LEVEL_UNSPECIFIED, "")},
       "division 320902: level must be city, county or township"},
      {{Make("320902", "亭湖区", v1::DIVISION_LEVEL_COUNTY, "320900")},
       "division 320902: parent '320900' is not divisions/{code}"},
      {{wrong_name}, "division 320902: name 'divisions/320903' does not match code 320902"},
      {{bad_location}, "division 320902: location is out of range"},
      {{Make("320902", "a\nb", v1::DIVISION_LEVEL_COUNTY, "")},
       "division 320902: name must not contain control characters"},
  };
  for (const Case& c : cases) {
    auto dir = DivisionDirectory::FromDivisions(c.divisions);
    EXPECT_EQ(dir.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(dir.status().message(), HasSubstr(c.message));
  }
}

TEST(DivisionDirectoryTest, EmptyDirectoryKnowsNothing) {
  DivisionDirectory dir;
  EXPECT_EQ(dir.size(), 0u);
  EXPECT_EQ(dir.Find("320902"), nullptr);
  EXPECT_FALSE(dir.IsCounty("320902"));
  EXPECT_EQ(dir.County("320902"), nullptr);
  EXPECT_TRUE(dir.Children("320900").empty());
}

}  // namespace
}  // namespace fangxin
