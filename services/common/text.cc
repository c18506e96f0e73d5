#include "services/common/text.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace fangxin {
namespace {

// Decodes `text` into code points; false when it is not well-formed UTF-8 (RFC 3629).
bool DecodeUtf8(absl::string_view text, std::vector<char32_t>* out) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      out->push_back(b0);
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
    out->push_back(cp);
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
  std::vector<char32_t> cps;
  if (!DecodeUtf8(text, &cps)) return std::nullopt;
  return cps.size();
}

std::string TextProblem(absl::string_view text, size_t min_chars, size_t max_chars) {
  std::vector<char32_t> cps;
  if (!DecodeUtf8(text, &cps)) return "is not valid UTF-8";
  bool blank = true;
  for (char32_t cp : cps) {
    if (IsControl(cp)) return "must not contain control characters";
    if (!IsSpace(cp)) blank = false;
  }
  if (min_chars >= 1 && cps.empty()) return "is required";
  if (min_chars >= 1 && blank) return "must not be blank";
  if (cps.size() < min_chars) return absl::StrCat("must be at least ", min_chars, " characters");
  if (cps.size() > max_chars) return absl::StrCat("must be at most ", max_chars, " characters");
  return "";
}

}  // namespace fangxin
