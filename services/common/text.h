#ifndef FANGXIN_SERVICES_COMMON_TEXT_H_
#define FANGXIN_SERVICES_COMMON_TEXT_H_

// Rules for human-readable text fields (names, addresses, reasons). Lengths count Unicode code
// points, not bytes, because the registry is mostly Chinese: 亭湖区 is 3 characters and 9 bytes,
// and a limit of "200 characters" must mean the same thing to a clerk in either script.
//
// All functions are pure and thread-safe.

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace fangxin {

// Number of code points in `text`, or nullopt when `text` is not well-formed UTF-8
// (truncated or overlong sequences, surrogates U+D800..U+DFFF, values above U+10FFFF).
std::optional<size_t> Utf8Length(absl::string_view text);

// "" when `text` is well-formed UTF-8 of `min_chars` to `max_chars` code points with no control
// character; otherwise the first rule broken, fit for a FieldViolation description:
//   "is not valid UTF-8"
//   "must not contain control characters"  C0/C1 controls (including tab and newline: every
//       text field is one line), DEL, U+2028/U+2029, and the bidirectional embedding, override
//       and isolate marks, which can make a shop name on the public map read backwards.
//   "is required"                 empty while min_chars >= 1
//   "must not be blank"           only spaces (ASCII, no-break, ideographic) while min_chars >= 1
//   "must be at least N characters" / "must be at most N characters"
std::string TextProblem(absl::string_view text, size_t min_chars, size_t max_chars);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_TEXT_H_
