#include "clients/cli/output.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "google/protobuf/util/json_util.h"

namespace fangxin::cli {
namespace {

// Decodes one UTF-8 sequence at text[*i]; advances *i. Returns -1 for an invalid byte (and
// advances by one).
int32_t NextCodePoint(absl::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(*i);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + len > text.size()) {
    ++*i;
    return -1;
  }
  int32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    const unsigned char b = byte(*i + k);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += len;
  return cp;
}

bool IsWide(int32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool IsZeroWidth(int32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0xFE00 && cp <= 0xFE0F);
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("--output must be table or json, not '", text, "'"));
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  google::protobuf::util::Status status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    // Only possible for a message holding an Any of an unknown type; none of ours do.
    return absl::StrCat("{\"error\": ", JsonQuote(status.ToString()), "}\n");
  }
  return json;
}

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const int32_t cp = NextCodePoint(text, &i);
    if (cp < 0) {
      width += 1;
    } else if (IsWide(cp)) {
      width += 2;
    } else if (!IsZeroWidth(cp)) {
      width += 1;
    }
  }
  return width;
}

void TableWriter::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  pending_.push_back(std::move(cells));
  ++rows_added_;
}

void TableWriter::Flush() {
  if (pending_.empty()) return;
  if (widths_.empty()) {
    widths_.resize(headers_.size());
    for (size_t c = 0; c < headers_.size(); ++c) widths_[c] = DisplayWidth(headers_[c]);
    for (const auto& row : pending_) {
      for (size_t c = 0; c < row.size(); ++c) {
        widths_[c] = std::max(widths_[c], DisplayWidth(row[c]));
      }
    }
    PrintRow(headers_);
  }
  for (const auto& row : pending_) PrintRow(row);
  pending_.clear();
  out_->flush();
}

void TableWriter::PrintRow(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t c = 0; c < cells.size(); ++c) {
    line += cells[c];
    if (c + 1 == cells.size()) break;
    const size_t w = DisplayWidth(cells[c]);
    line.append(w < widths_[c] ? widths_[c] - w + 2 : 2, ' ');
  }
  *out_ << line << "\n";
}

void PrintFields(std::ostream& out,
                 const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [key, value] : fields) {
    if (!value.empty()) width = std::max(width, key.size());
  }
  for (const auto& [key, value] : fields) {
    if (value.empty()) continue;
    out << key << ":" << std::string(width - key.size() + 2, ' ') << value << "\n";
  }
}

std::string ErrorJson(const absl::Status& status) {
  std::string out = absl::StrCat("{\"code\": ", JsonQuote(absl::StatusCodeToString(status.code())),
                                 ", \"message\": ", JsonQuote(status.message()),
                                 ", \"reason\": ", JsonQuote(ErrorReasonOf(status)),
                                 ", \"field_violations\": [");
  bool first = true;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    absl::StrAppend(&out, first ? "" : ", ", "{\"field\": ", JsonQuote(v.field),
                    ", \"description\": ", JsonQuote(v.description), "}");
    first = false;
  }
  absl::StrAppend(&out, "]}");
  return out;
}

void PrintError(const absl::Status& status, OutputFormat format, std::ostream& out,
                std::ostream& err) {
  if (format == OutputFormat::kJson) {
    out << ErrorJson(status) << "\n";
    return;
  }
  err << "error: " << absl::StatusCodeToString(status.code()) << ": " << status.message() << "\n";
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    err << "  " << v.field << ": " << v.description << "\n";
  }
  const std::string reason = ErrorReasonOf(status);
  if (!reason.empty()) err << "  reason: " << reason << "\n";
}

}  // namespace fangxin::cli
