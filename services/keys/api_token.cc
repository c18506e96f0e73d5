#include "services/keys/api_token.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace fangxin {

ApiToken NewApiToken(const std::string& key_id) {
  return ApiToken{key_id, absl::BytesToHexString(RandomBytes(32))};
}

std::string FormatApiToken(const ApiToken& token) {
  return absl::StrCat("fx_", token.key_id, "_", token.secret);
}

std::optional<ApiToken> ParseApiToken(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (absl::StartsWithIgnoreCase(text, "bearer ")) {
    text = absl::StripLeadingAsciiWhitespace(text.substr(7));
  }
  if (!absl::ConsumePrefix(&text, "fx_")) return std::nullopt;
  size_t sep = text.find('_');
  if (sep == absl::string_view::npos || sep == 0 || sep > 40) return std::nullopt;
  ApiToken token{std::string(text.substr(0, sep)), std::string(text.substr(sep + 1))};
  if (token.secret.size() != 64) return std::nullopt;
  for (char c : token.secret) {
    if (!absl::ascii_isxdigit(c)) return std::nullopt;
  }
  for (char c : token.key_id) {
    if (!absl::ascii_isalnum(c) && c != '-') return std::nullopt;
  }
  return token;
}

}  // namespace fangxin
