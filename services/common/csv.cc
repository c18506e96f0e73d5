#include "services/common/csv.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace fangxin {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";

// Reads one record through `get`/`peek` (each returning a byte 0..255, or -1 at the end),
// consuming its line terminator. Precondition: at least one byte is available. `*line` is the
// current 1-based line number and advances past every line break read. Errors name the field.
template <typename GetFn, typename PeekFn>
absl::Status ParseRecord(GetFn get, PeekFn peek, size_t max_bytes, std::vector<std::string>* fields,
                         int64_t* line) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  fields->clear();
  std::string field;
  State state = State::kFieldStart;
  size_t bytes = 0;
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("field ", fields->size() + 1, ": ", what));
  };
  auto end_field = [&] {
    fields->push_back(std::move(field));
    field.clear();
  };
  // Consumes the LF of a CRLF; returns after the terminator.
  auto end_record = [&](int c) {
    if (c == '\r' && peek() == '\n') get();
    ++*line;
    end_field();
    return absl::OkStatus();
  };
  while (true) {
    int c = get();
    if (c < 0) {
      if (state == State::kQuoted) return error("quoted field is not closed");
      end_field();
      return absl::OkStatus();
    }
    if (++bytes > max_bytes) {
      return error(absl::StrCat("record is longer than ", max_bytes, " bytes"));
    }
    switch (state) {
      case State::kFieldStart:
        if (c == '"') {
          state = State::kQuoted;
          break;
        }
        state = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
        if (c == ',') {
          end_field();
          state = State::kFieldStart;
        } else if (c == '\n' || c == '\r') {
          return end_record(c);
        } else if (c == '"') {
          return error(
              "quote inside an unquoted field (quote the whole field and double "
              "the quote)");
        } else {
          field.push_back(static_cast<char>(c));
        }
        break;
      case State::kQuoted:
        if (c == '"') {
          state = State::kAfterQuote;
        } else {
          if (c == '\n' || (c == '\r' && peek() != '\n')) ++*line;
          field.push_back(static_cast<char>(c));
        }
        break;
      case State::kAfterQuote:
        if (c == '"') {  // A doubled quote stands for one quote.
          field.push_back('"');
          state = State::kQuoted;
        } else if (c == ',') {
          end_field();
          state = State::kFieldStart;
        } else if (c == '\n' || c == '\r') {
          return end_record(c);
        } else {
          return error("text after the closing quote of a quoted field");
        }
        break;
    }
  }
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseCsvLine(absl::string_view text) {
  size_t pos = 0;
  auto get = [&]() -> int {
    return pos < text.size() ? static_cast<unsigned char>(text[pos++]) : -1;
  };
  auto peek = [&]() -> int {
    return pos < text.size() ? static_cast<unsigned char>(text[pos]) : -1;
  };
  std::vector<std::string> fields;
  int64_t line = 1;
  absl::Status status = ParseRecord(get, peek, text.size() + 1, &fields, &line);
  if (!status.ok()) return status;
  if (pos != text.size()) {
    return absl::InvalidArgumentError("more than one record (a line break outside quotes)");
  }
  return fields;
}

std::string FormatCsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out.push_back('"');
    for (char c : f) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  // A single empty field would format as an empty line, which readers skip; quote it.
  if (fields.size() == 1 && fields[0].empty()) out = "\"\"";
  return out;
}

CsvReader::CsvReader(std::istream* in, CsvReaderOptions options) : in_(in), options_(options) {}

bool CsvReader::Fill(size_t n) {
  if (buffer_.size() - pos_ >= n) return true;
  buffer_.erase(0, pos_);
  pos_ = 0;
  constexpr size_t kChunk = 64 * 1024;
  while (buffer_.size() < n) {
    if (in_->bad()) read_failed_ = true;
    if (read_failed_ || !in_->good()) break;  // Failed, or at the end (eofbit and failbit).
    size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    in_->read(&buffer_[old], kChunk);
    buffer_.resize(old + static_cast<size_t>(in_->gcount()));
  }
  return buffer_.size() >= n;
}

int CsvReader::Peek() {
  if (!Fill(1)) return -1;
  return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvReader::Get() {
  if (!Fill(1)) return -1;
  return static_cast<unsigned char>(buffer_[pos_++]);
}

bool CsvReader::Next(std::vector<std::string>* fields) {
  if (done_) return false;
  if (!started_) {
    started_ = true;
    if (Fill(3) && absl::string_view(buffer_).substr(pos_, 3) == kBom) pos_ += 3;
  }
  // Skip empty lines: they separate nothing and spreadsheets leave them at the end.
  while (Peek() == '\n' || Peek() == '\r') {
    if (Get() == '\r' && Peek() == '\n') Get();
    ++next_line_;
  }
  if (Peek() < 0) {
    done_ = true;
    if (read_failed_) {
      status_ = absl::InternalError(absl::StrCat("reading CSV input failed at line ", next_line_));
    }
    return false;
  }
  record_line_ = next_line_;
  absl::Status status = ParseRecord([this] { return Get(); }, [this] { return Peek(); },
                                    options_.max_record_bytes, fields, &next_line_);
  if (read_failed_) {
    done_ = true;
    status_ = absl::InternalError(absl::StrCat("reading CSV input failed at line ", next_line_));
    return false;
  }
  if (!status.ok()) {
    done_ = true;
    status_ =
        absl::InvalidArgumentError(absl::StrCat("line ", record_line_, ", ", status.message()));
    return false;
  }
  return true;
}

}  // namespace fangxin
