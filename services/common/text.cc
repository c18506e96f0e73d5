#include "services/common/text.h"

#include "absl/strings/str_cat.h"

namespace fangxin {
namespace {

// Calls `visit(code_point)` for each code point of `text` in order; false when `text` is not
// well-formed UTF-8 (RFC 3629), in which case `visit` may have seen a prefix. One pass and no
// allocation: every name, address and reason of every write goes through here.
template <typename Visit>
bool ForEachCodePoint(absl::string_view text, Visit&& visit) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      visit(static_cast<char32_t>(b0));
      ++i;
      continue;
    }
    size_t len;
    char32_t cp;
    char32_t min;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      return false;  // A continuation byte where a sequence should start, or 0xF8..0xFF.
    }
    if (i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min) return false;                      // Overlong: a shorter form exists.
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;  // UTF-16 surrogates.
    if (cp > 0x10FFFF) return false;
    visit(cp);
    i += len;
  }
  return true;
}

bool IsControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool IsSpace(char32_t cp) { return cp == ' ' || cp == 0xA0 || cp == 0x3000; }

}  // namespace

std::optional<size_t> Utf8Length(absl::string_view text) {
  size_t count = 0;
  if (!ForEachCodePoint(text, [&count](char32_t) { ++count; })) return std::nullopt;
  return count;
}

std::string TextProblem(absl::string_view text, size_t min_chars, size_t max_chars) {
  size_t count = 0;
  bool blank = true;
  bool control = false;
  // Well-formedness is judged over the whole text before any other rule, so a control
  // character before a broken sequence still reports the broken sequence.
  const bool well_formed = ForEachCodePoint(text, [&](char32_t cp) {
    ++count;
    if (IsControl(cp)) control = true;
    if (!IsSpace(cp)) blank = false;
  });
  if (!well_formed) return "is not valid UTF-8";
  if (control) return "must not contain control characters";
  if (min_chars >= 1 && count == 0) return "is required";
  if (min_chars >= 1 && blank) return "must not be blank";
  if (count < min_chars) return absl::StrCat("must be at least ", min_chars, " characters");
  if (count > max_chars) return absl::StrCat("must be at most ", max_chars, " characters");
  return "";
}

}  // namespace fangxin
