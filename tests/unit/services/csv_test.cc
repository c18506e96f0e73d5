#include "services/common/csv.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Fields = std::vector<std::string>;

TEST(ParseCsvLineTest, ParsesRfc4180Records) {
  struct Case {
    std::string line;
    Fields fields;
  };
  const std::vector<Case> cases = {
      {"", {""}},
      {"a", {"a"}},
      {"a,b,c", {"a", "b", "c"}},
      {"a,b,c\n", {"a", "b", "c"}},
      {"a,b,c\r\n", {"a", "b", "c"}},
      {"a,b,c\r", {"a", "b", "c"}},
      {",", {"", ""}},
      {"a,,c,", {"a", "", "c", ""}},
      {"\"a,b\",c", {"a,b", "c"}},
      {"\"say \"\"hi\"\"\",x", {"say \"hi\"", "x"}},
      {"\"\"", {""}},
      {"\"\"\"\"", {"\""}},
      {"\"line1\nline2\",x", {"line1\nline2", "x"}},
      {"\"crlf\r\ninside\"", {"crlf\r\ninside"}},
      {" a , b ", {" a ", " b "}},  // Spaces are data.
      {"320902,亭湖区,county,320900,1,33.3853,120.1310",
       {"320902", "亭湖区", "county", "320900", "1", "33.3853", "120.1310"}},
      {"\"盐城市,亭湖区\",\"万达\"", {"盐城市,亭湖区", "万达"}},
  };
  for (const Case& c : cases) {
    auto fields = ParseCsvLine(c.line);
    ASSERT_TRUE(fields.ok()) << c.line << ": " << fields.status();
    EXPECT_EQ(*fields, c.fields) << c.line;
  }
}

TEST(ParseCsvLineTest, RejectsMalformedQuoting) {
  struct Case {
    std::string line;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"\"open", "field 1: quoted field is not closed"},
      {"a,\"open,b", "field 2: quoted field is not closed"},
      {"a\"b", "field 1: quote inside an unquoted field"},
      {"\"a\"b", "field 1: text after the closing quote of a quoted field"},
      {"x,\"a\" ,y", "field 2: text after the closing quote of a quoted field"},
      {"a\nb", "more than one record"},
      {"a\n\n", "more than one record"},
  };
  for (const Case& c : cases) {
    auto fields = ParseCsvLine(c.line);
    EXPECT_EQ(fields.status().code(), absl::StatusCode::kInvalidArgument) << c.line;
    EXPECT_THAT(fields.status().message(), HasSubstr(c.message)) << c.line;
  }
}

TEST(FormatCsvRecordTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(FormatCsvRecord({"a", "b"}), "a,b");
  EXPECT_EQ(FormatCsvRecord({"a,b", "say \"hi\"", "x\ny", "z\r"}),
            "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"z\r\"");
  EXPECT_EQ(FormatCsvRecord({""}), "\"\"");
  EXPECT_EQ(FormatCsvRecord({"", ""}), ",");
  EXPECT_EQ(FormatCsvRecord({"亭湖区"}), "亭湖区");
}

TEST(FormatCsvRecordTest, RoundTripsThroughParse) {
  const std::vector<Fields> records = {{""},
                                       {"", ""},
                                       {"a"},
                                       {"a,b", "c"},
                                       {"\"", "\"\"", "x\"y"},
                                       {"l1\nl2", "l1\r\nl2"},
                                       {" pad ", "tab\t"},
                                       {"万达广场,1楼", "\"引号\""}};
  for (const Fields& r : records) {
    auto parsed = ParseCsvLine(FormatCsvRecord(r));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, r);
  }
}

// Reads every record of `text`, returning them; `*status` gets the reader's final status.
std::vector<Fields> ReadAll(const std::string& text, absl::Status* status,
                            std::vector<int64_t>* lines = nullptr, CsvReaderOptions options = {}) {
  std::istringstream in(text);
  CsvReader reader(&in, options);
  std::vector<Fields> out;
  Fields fields;
  while (reader.Next(&fields)) {
    out.push_back(fields);
    if (lines != nullptr) lines->push_back(reader.line());
  }
  EXPECT_FALSE(reader.Next(&fields)) << "Next after the end must stay false";
  *status = reader.status();
  return out;
}

TEST(CsvReaderTest, ReadsRecordsWithLineNumbers) {
  absl::Status status;
  std::vector<int64_t> lines;
  auto records = ReadAll(
      "code,name\r\n"
      "1,\"multi\r\nline\"\r\n"
      "\r\n"
      "2,two\n"
      "\n"
      "3,\"a,b\"",  // No final line break.
      &status, &lines);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(records, ElementsAre(Fields{"code", "name"}, Fields{"1", "multi\r\nline"},
                                   Fields{"2", "two"}, Fields{"3", "a,b"}));
  EXPECT_THAT(lines, ElementsAre(1, 2, 5, 7));
}

TEST(CsvReaderTest, SkipsByteOrderMarkOnlyAtTheStart) {
  absl::Status status;
  auto records = ReadAll(
      "\xEF\xBB\xBF"
      "a,b\n\xEF\xBB\xBF"
      "c\n",
      &status);
  ASSERT_TRUE(status.ok());
  EXPECT_THAT(records, ElementsAre(Fields{"a", "b"}, Fields{"\xEF\xBB\xBF"
                                                            "c"}));
}

TEST(CsvReaderTest, KeepsAFullWidthCharacterThatLooksLikeTheStartOfABom) {
  absl::Status status;
  // U+FF0C FULLWIDTH COMMA is EF BC 8C: same first byte as the BOM.
  auto records = ReadAll("\xEF\xBC\x8C,x\n", &status);
  ASSERT_TRUE(status.ok());
  EXPECT_THAT(records, ElementsAre(Fields{"\xEF\xBC\x8C", "x"}));
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  for (const std::string text : {"", "\n", "\r\n\r\n", "\xEF\xBB\xBF"}) {
    absl::Status status;
    EXPECT_TRUE(ReadAll(text, &status).empty()) << text;
    EXPECT_TRUE(status.ok());
  }
}

TEST(CsvReaderTest, ErrorNamesLineAndFieldAndStops) {
  absl::Status status;
  auto records = ReadAll("a,b\nc,d\ne,\"f\"g\nh,i\n", &status);
  EXPECT_EQ(records.size(), 2u);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "line 3, field 2: text after the closing quote of a quoted field");
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineItStarted) {
  absl::Status status;
  ReadAll("a\n\"never closed\nmore\nlines\n", &status);
  EXPECT_EQ(status.message(), "line 2, field 1: quoted field is not closed");
}

TEST(CsvReaderTest, RecordLongerThanTheLimitIsRefused) {
  absl::Status status;
  CsvReaderOptions options;
  options.max_record_bytes = 10;
  auto records = ReadAll("short\n\"" + std::string(100, 'x') + "\n", &status, nullptr, options);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("line 2, field 1: record is longer than 10 bytes"));
}

TEST(CsvReaderTest, ReadsAcrossBufferBoundaries) {
  // Records larger than the reader's 64 KiB chunk, and a CRLF split across a chunk boundary.
  std::string big(70000, 'x');
  std::string text = big + "\r\n\"" + big + ",\"\"\"\r\nlast";
  absl::Status status;
  auto records = ReadAll(text, &status);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], Fields{big});
  EXPECT_EQ(records[1], Fields{big + ",\""});
  EXPECT_EQ(records[2], Fields{"last"});
}

TEST(CsvReaderTest, StreamFailureIsInternal) {
  std::istringstream in("a,b\n");
  in.setstate(std::ios::badbit);
  CsvReader reader(&in);
  Fields fields;
  EXPECT_FALSE(reader.Next(&fields));
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace fangxin
