#include "services/common/text.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace fangxin {
namespace {

TEST(Utf8LengthTest, CountsCodePoints) {
  struct Case {
    std::string text;
    size_t length;
  };
  const std::vector<Case> cases = {
      {"", 0},
      {"abc", 3},
      {"亭湖区", 3},            // 3 bytes each.
      {"é", 1},                 // 2 bytes.
      {"\xF0\x9F\x8F\xAA", 1},  // U+1F3EA convenience store, 4 bytes.
      {"万达广场 Wanda", 10},
      {std::string("a\0b", 3), 3},  // NUL is a code point (TextProblem refuses it).
  };
  for (const Case& c : cases) EXPECT_EQ(Utf8Length(c.text), c.length) << c.text;
}

TEST(Utf8LengthTest, RejectsMalformedUtf8) {
  const std::vector<std::string> bad = {
      "\x80",                  // Continuation byte first.
      "\xC3",                  // Truncated 2-byte sequence.
      "\xE4\xBA",              // Truncated 3-byte sequence.
      "\xC3\x28",              // Bad continuation.
      "\xC0\xAF",              // Overlong '/'.
      "\xE0\x80\xAF",          // Overlong '/', 3 bytes.
      "\xED\xA0\x80",          // Surrogate U+D800.
      "\xF4\x90\x80\x80",      // U+110000, above the Unicode range.
      "\xF8\x88\x80\x80\x80",  // 5-byte form.
      "\xFF",
      "ok\xE4\xBA",  // Truncated at the end of otherwise good text.
  };
  for (const std::string& s : bad) EXPECT_EQ(Utf8Length(s), std::nullopt) << s;
}

TEST(TextProblemTest, Table) {
  struct Case {
    std::string text;
    size_t min;
    size_t max;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {"万达广场", 1, 200, ""},
      {"", 0, 100, ""},
      {"", 1, 200, "is required"},
      {"   ", 1, 200, "must not be blank"},
      {"\xE3\x80\x80", 1, 200, "must not be blank"},  // U+3000 ideographic space.
      {"   ", 0, 200, ""},                            // Optional text may be spaces.
      {std::string(200, 'a'), 1, 200, ""},
      {std::string(201, 'a'), 1, 200, "must be at most 200 characters"},
      // 200 Chinese characters are 600 bytes and still within a 200-character limit.
      {[] {
         std::string s;
         for (int i = 0; i < 200; ++i) s += "店";
         return s;
       }(),
       1, 200, ""},
      {[] {
         std::string s;
         for (int i = 0; i < 201; ++i) s += "店";
         return s;
       }(),
       1, 200, "must be at most 200 characters"},
      {"ab", 3, 10, "must be at least 3 characters"},
      {"a\nb", 0, 10, "must not contain control characters"},
      {"a\tb", 0, 10, "must not contain control characters"},
      {std::string("a\0b", 3), 0, 10, "must not contain control characters"},
      {"a\x7F", 0, 10, "must not contain control characters"},
      {"a\xC2\x85", 0, 10, "must not contain control characters"},      // U+0085 (C1).
      {"a\xE2\x80\xA8", 0, 10, "must not contain control characters"},  // U+2028.
      {"a\xE2\x80\xAE", 0, 10, "must not contain control characters"},  // U+202E RLO.
      {"a\xE2\x81\xA6", 0, 10, "must not contain control characters"},  // U+2066 LRI.
      {"a\xE2\x80\x8D", 0, 10, ""},  // U+200D ZWJ stays allowed (emoji sequences use it).
      {"\xC0\xAF", 0, 10, "is not valid UTF-8"},
      {"\xC3", 1, 10, "is not valid UTF-8"},
      // Well-formedness is judged first, even after a control character.
      {"a\nb\xC3", 0, 10, "is not valid UTF-8"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TextProblem(c.text, c.min, c.max), c.problem) << c.text;
  }
}

}  // namespace
}  // namespace fangxin
