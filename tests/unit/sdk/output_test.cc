#include "clients/cli/output.h"

#include <sstream>

#include "common/errors.h"
#include "fangxin/v1/resources.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin::cli {
namespace {

using ::testing::HasSubstr;

TEST(PrintErrorTest, TableListsFieldViolationsAndReason) {
  absl::Status status = InvalidArgumentError(
      {{"store.location.latitude", "must be between -90 and 90"},
       {"store.display_name", "is required"}});
  std::ostringstream out, err;
  PrintError(status, OutputFormat::kTable, out, err);
  EXPECT_EQ(out.str(), "");
  EXPECT_THAT(err.str(), HasSubstr("error: INVALID_ARGUMENT: invalid request: "));
  EXPECT_THAT(err.str(), HasSubstr("\n  store.location.latitude: must be between -90 and 90\n"));
  EXPECT_THAT(err.str(), HasSubstr("\n  store.display_name: is required\n"));

  std::ostringstream out2, err2;
  PrintError(ErrorWithReason(absl::StatusCode::kFailedPrecondition, "STORE_CLOSED",
                             "store is closed"),
             OutputFormat::kTable, out2, err2);
  EXPECT_EQ(err2.str(), "error: FAILED_PRECONDITION: store is closed\n  reason: STORE_CLOSED\n");
}

TEST(PrintErrorTest, JsonGoesToStdoutWithEveryDetail) {
  absl::Status status = InvalidFieldError("merchant.uscc", "check character is wrong");
  std::ostringstream out, err;
  PrintError(status, OutputFormat::kJson, out, err);
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(out.str(),
            "{\"code\": \"INVALID_ARGUMENT\", \"message\": \"invalid request: merchant.uscc: "
            "check character is wrong\", \"reason\": \"\", \"field_violations\": [{\"field\": "
            "\"merchant.uscc\", \"description\": \"check character is wrong\"}]}\n");
}

TEST(JsonQuoteTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
  EXPECT_EQ(JsonQuote("亭湖"), "\"亭湖\"");
}

TEST(DisplayWidthTest, ChineseIsTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("亭湖区"), 6u);
  EXPECT_EQ(DisplayWidth("（建军路店）"), 12u);  // full-width brackets
  EXPECT_EQ(DisplayWidth("\xff"), 1u);
}

TEST(TableWriterTest, AlignsByDisplayWidthAndStreamsLaterRowsWithTheSameWidths) {
  std::ostringstream out;
  TableWriter table(&out, {"CODE", "NAME", "LEVEL"});
  table.AddRow({"320902", "亭湖区", "county"});
  table.AddRow({"320903", "盐都区", "county"});
  table.Flush();
  table.AddRow({"320981", "东台市", "county"});
  table.Flush();
  EXPECT_EQ(out.str(),
            "CODE    NAME    LEVEL\n"
            "320902  亭湖区  county\n"
            "320903  盐都区  county\n"
            "320981  东台市  county\n");
}

TEST(TableWriterTest, PrintsNothingWithoutRows) {
  std::ostringstream out;
  TableWriter table(&out, {"A"});
  table.Flush();
  EXPECT_EQ(out.str(), "");
}

TEST(PrintFieldsTest, AlignsValuesAndLeavesOutEmptyOnes) {
  std::ostringstream out;
  PrintFields(out, {{"name", "areas/wanda"}, {"close_reason_long", ""}, {"display_name", "万达"}});
  EXPECT_EQ(out.str(), "name:          areas/wanda\ndisplay_name:  万达\n");
}

TEST(ToJsonTest, KeepsProtoFieldNames) {
  v1::Store store;
  store.set_display_name("店");
  store.mutable_location()->set_latitude(33.5);
  std::string json = ToJson(store);
  EXPECT_THAT(json, HasSubstr("\"display_name\": \"店\""));
  EXPECT_THAT(json, HasSubstr("\"latitude\": 33.5"));
  EXPECT_THAT(json, HasSubstr("\"etag\": \"\""));  // defaults printed: stable keys for scripts
}

}  // namespace
}  // namespace fangxin::cli
