#ifndef FANGXIN_SERVICES_COMMON_CSV_H_
#define FANGXIN_SERVICES_COMMON_CSV_H_

// CSV as RFC 4180 defines it, the format of the division table, `fangxinctl store import` and
// the demo loader. Records end with CRLF or LF (a lone CR is accepted too); a field containing a
// comma, quote or line break is enclosed in double quotes, and a quote inside it is doubled.
//
// Deliberately strict, because a silently misread import row registers a shop in the wrong
// place: a quote inside an unquoted field, text after a closing quote, and an unterminated
// quoted field are errors naming the line, not guesses. Fields are returned as bytes (no
// trimming, no UTF-8 check; the validation rules judge the values). Rows may have any number
// of fields; callers check the count against the header.

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fangxin {

// Parses exactly one record held in `text`. One trailing line break is allowed; line breaks
// inside quoted fields are kept. "" is one empty field. INVALID_ARGUMENT for malformed quoting
// or a second record after a line break. Pure and thread-safe.
absl::StatusOr<std::vector<std::string>> ParseCsvLine(absl::string_view text);

// The record as one CSV line without a line terminator: fields joined by commas, each quoted
// (with doubled quotes) when it contains a comma, quote, CR or LF. ParseCsvLine inverts it.
std::string FormatCsvRecord(const std::vector<std::string>& fields);

struct CsvReaderOptions {
  // Longest record accepted, in bytes. A missing closing quote would otherwise read the rest of
  // a large file into one field; 1 MiB is far beyond any real row.
  size_t max_record_bytes = 1 << 20;
};

// Reads records one at a time from a stream (a file, std::cin, a std::istringstream), so an
// import of millions of rows never holds the file in memory. Skips a leading UTF-8 byte order
// mark (spreadsheet programs write one) and completely empty lines.
//
// Usage:
//   CsvReader reader(&in);
//   std::vector<std::string> fields;
//   while (reader.Next(&fields)) { ... reader.line() ... }
//   if (!reader.status().ok()) ...
//
// Not thread-safe (it is a cursor); use one reader per thread.
class CsvReader {
 public:
  // `in` is not owned and must outlive the reader.
  explicit CsvReader(std::istream* in, CsvReaderOptions options = {});

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `*fields` and returns true. Returns false at the end of input
  // (status() OK) or on an error (status() INVALID_ARGUMENT "line N: ..." for malformed CSV,
  // INTERNAL when the stream fails); after false, every later call returns false.
  bool Next(std::vector<std::string>* fields);

  // OK unless Next failed.
  const absl::Status& status() const { return status_; }

  // 1-based line number on which the record last returned by Next began (a quoted field may
  // span lines, so this is not a record count). 0 before the first record.
  int64_t line() const { return record_line_; }

 private:
  // Bytes are pulled through a small buffer so the reader can look ahead (CRLF, the BOM).
  int Peek();
  int Get();
  bool Fill(size_t n);

  std::istream* const in_;
  const CsvReaderOptions options_;

  std::string buffer_;
  size_t pos_ = 0;
  bool started_ = false;
  bool done_ = false;
  bool read_failed_ = false;  // The stream went bad (not merely reached its end).
  int64_t next_line_ = 1;
  int64_t record_line_ = 0;
  absl::Status status_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_CSV_H_
