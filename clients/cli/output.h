#ifndef FANGXIN_CLIENTS_CLI_OUTPUT_H_
#define FANGXIN_CLIENTS_CLI_OUTPUT_H_

// How fangxinctl prints: aligned tables and key/value blocks for people, protobuf JSON (with the
// .proto field names) for scripts, and errors in either form.

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace fangxin::cli {

enum class OutputFormat { kTable, kJson };

// "table" or "json"; INVALID_ARGUMENT otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text);

// `message` as indented JSON with the .proto field names, every scalar field printed even when
// it holds its default (so scripts can rely on the keys), enums by name.
std::string ToJson(const google::protobuf::Message& message);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

// Columns a terminal uses for UTF-8 `text`: 2 for East Asian wide and full-width characters
// (亭湖区 is 6 columns), 0 for combining marks, 1 otherwise. Invalid bytes count 1 each.
size_t DisplayWidth(absl::string_view text);

// A table with a header row whose columns are aligned by display width. Rows are buffered until
// Flush(), which prints them; the first Flush() fixes the column widths from the header and the
// rows buffered so far and prints the header, later ones reuse those widths (a wider cell
// pushes the rest of its row right), so a long listing can be streamed page by page. Nothing is
// printed for a table that never had a row.
class TableWriter {
 public:
  TableWriter(std::ostream* out, std::vector<std::string> headers)
      : out_(out), headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells);
  void Flush();
  size_t rows_added() const { return rows_added_; }

 private:
  void PrintRow(const std::vector<std::string>& cells);

  std::ostream* const out_;
  const std::vector<std::string> headers_;
  std::vector<size_t> widths_;
  std::vector<std::vector<std::string>> pending_;
  size_t rows_added_ = 0;
};

// "key:  value" lines with the values aligned, for showing one resource; fields with an empty
// value are left out (--output=json shows every field).
void PrintFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields);

// An error for a person (table) or a script (json):
//   table, to `err`:  error: INVALID_ARGUMENT: <message>
//                       <field>: <description>        one line per field violation
//                       reason: <ErrorInfo reason>    when there is one
//   json, to `out`:   {"code": "INVALID_ARGUMENT", "message": "...", "reason": "...",
//                      "field_violations": [{"field": "...", "description": "..."}]}
void PrintError(const absl::Status& status, OutputFormat format, std::ostream& out,
                std::ostream& err);

// The JSON object PrintError writes, on one line.
std::string ErrorJson(const absl::Status& status);

}  // namespace fangxin::cli

#endif  // FANGXIN_CLIENTS_CLI_OUTPUT_H_
