#include "clients/cli/store_import.h"

#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin::cli {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kHeader = {"merchant", "name", "address", "division", "lat", "lng",
                                          "township", "area", "industry", "id"};

TEST(ImportHeaderTest, AcceptsTheStoreCreateFlagNamesInAnyOrderAndCase) {
  auto layout = ParseImportHeader({"LAT", "lng", "Name", "address", "division", "merchant"});
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->columns.at("lat"), 0);
  EXPECT_EQ(layout->columns.at("name"), 2);
}

TEST(ImportHeaderTest, UnknownColumnIsNamed) {
  auto layout = ParseImportHeader({"merchant", "name", "address", "division", "lat", "lng",
                                   "phone"});
  EXPECT_EQ(layout.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(layout.status().message(), HasSubstr("unknown column 'phone' (column 7)"));
}

TEST(ImportHeaderTest, MissingRequiredAndDuplicatedColumns) {
  EXPECT_THAT(ParseImportHeader({"merchant", "name", "address", "division", "lat"})
                  .status()
                  .message(),
              HasSubstr("missing required column 'lng'"));
  EXPECT_THAT(ParseImportHeader({"merchant", "name", "name", "address", "division", "lat", "lng"})
                  .status()
                  .message(),
              HasSubstr("'name' appears twice"));
}

TEST(ImportHeaderTest, TheErrorColumnOfARejectsFileIsIgnored) {
  auto layout = ParseImportHeader({"merchant", "name", "address", "division", "lat", "lng",
                                   "error"});
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->error_column, 6);
}

TEST(ImportRowTest, MapsColumnsToTheRequestWithShortNamesExpanded) {
  auto layout = ParseImportHeader(kHeader);
  ASSERT_TRUE(layout.ok());
  auto request = ImportRowToRequest(
      *layout,
      {"91320902ma1example", " 示例便利店 ", "建军东路1号", "320902", "33.38", "120.16",
       "320902001", "a1", "retail", "s1"},
      7);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->row(), 7);
  EXPECT_EQ(request->parent(), "merchants/91320902MA1EXAMPLE");
  EXPECT_EQ(request->store_id(), "s1");
  EXPECT_EQ(request->store().display_name(), "示例便利店");
  EXPECT_EQ(request->store().division(), "divisions/320902");
  EXPECT_EQ(request->store().township(), "divisions/320902001");
  EXPECT_EQ(request->store().area(), "areas/a1");
  EXPECT_DOUBLE_EQ(request->store().location().latitude(), 33.38);
  EXPECT_DOUBLE_EQ(request->store().location().longitude(), 120.16);
  EXPECT_THAT(request->request_id(), ::testing::StartsWith("imp-"));
  EXPECT_LE(request->request_id().size(), 64u);
}

TEST(ImportRowTest, BadCoordinatesAreRejectedByColumn) {
  auto layout = ParseImportHeader(kHeader);
  auto request = ImportRowToRequest(
      *layout, {"M", "n", "a", "320902", "north", "", "", "", "", ""}, 3);
  EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
  auto violations = FieldViolationsOf(request.status());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "lat");
  EXPECT_EQ(violations[0].description, "is not a number: 'north'");
  EXPECT_EQ(violations[1].field, "lng");
  EXPECT_EQ(violations[1].description, "is required");
}

TEST(ImportRowTest, WrongFieldCountIsRejected) {
  auto layout = ParseImportHeader(kHeader);
  auto request = ImportRowToRequest(*layout, {"M", "n"}, 3);
  ASSERT_EQ(FieldViolationsOf(request.status()).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(request.status())[0].description,
            "has 2 fields; the header has 10");
}

TEST(ImportRequestIdTest, DependsOnRowAndValuesNotOnColumnOrder) {
  auto a = ParseImportHeader({"merchant", "name", "address", "division", "lat", "lng"});
  auto b = ParseImportHeader({"lng", "lat", "division", "address", "name", "merchant"});
  const std::vector<std::string> row_a = {"M", "n", "addr", "320902", "33", "120"};
  const std::vector<std::string> row_b = {"120", "33", "320902", "addr", "n", "M"};
  EXPECT_EQ(ImportRequestId(*a, row_a, 5), ImportRequestId(*a, row_a, 5));
  EXPECT_EQ(ImportRequestId(*a, row_a, 5), ImportRequestId(*b, row_b, 5));
  EXPECT_NE(ImportRequestId(*a, row_a, 5), ImportRequestId(*a, row_a, 6));
  std::vector<std::string> edited = row_a;
  edited[2] = "other addr";
  EXPECT_NE(ImportRequestId(*a, row_a, 5), ImportRequestId(*a, edited, 5));
}

TEST(ImportColumnForFieldTest, MapsRequestPathsToColumns) {
  EXPECT_EQ(ImportColumnForField("store.location.latitude"), "lat");
  EXPECT_EQ(ImportColumnForField("store.display_name"), "name");
  EXPECT_EQ(ImportColumnForField("parent"), "merchant");
  EXPECT_EQ(ImportColumnForField("request_id"), "request_id");
}

TEST(RejectReasonTest, ListsFieldErrorsByColumn) {
  v1::ImportStoreResult result;
  result.set_code(3);
  result.set_message("invalid request: ...");
  auto* e = result.add_field_errors();
  e->set_field("store.location.latitude");
  e->set_description("must be between -90 and 90");
  EXPECT_EQ(RejectReason(result), "INVALID_ARGUMENT: lat: must be between -90 and 90");
  v1::ImportStoreResult not_found;
  not_found.set_code(5);
  not_found.set_message("merchant merchants/X not found");
  EXPECT_EQ(RejectReason(not_found), "NOT_FOUND: merchant merchants/X not found");
}

TEST(DefaultRejectsPathTest, ReplacesTheCsvExtension) {
  EXPECT_EQ(DefaultRejectsPath("/data/stores.csv"), "/data/stores.rejected.csv");
  EXPECT_EQ(DefaultRejectsPath("stores.CSV"), "stores.rejected.csv");
  EXPECT_EQ(DefaultRejectsPath("stores.txt"), "stores.txt.rejected.csv");
}

}  // namespace
}  // namespace fangxin::cli
