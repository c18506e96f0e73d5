#include "services/server/keys_file.h"

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/status_macros.h"

namespace fangxin {
namespace {

bool ParseRole(absl::string_view text, v1::Role* role) {
  static const std::pair<const char*, v1::Role> kRoles[] = {
      {"admin", v1::ROLE_ADMIN},           {"regulator", v1::ROLE_REGULATOR},
      {"area_manager", v1::ROLE_AREA_MANAGER}, {"merchant", v1::ROLE_MERCHANT},
      {"city_system", v1::ROLE_CITY_SYSTEM}, {"public", v1::ROLE_PUBLIC}};
  for (const auto& [name, value] : kRoles) {
    if (text == name) {
      *role = value;
      return true;
    }
  }
  return false;
}

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<v1::ApiKey>> ParseKeysFile(const std::string& text) {
  std::vector<v1::ApiKey> keys;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    auto bad = [&](absl::string_view rule) {
      return InvalidFieldError(absl::StrCat("keys_file line ", line_number), rule);
    };
    if (fields.size() < 3) return bad("needs: key_id role sha256_hex [scopes] [display name]");
    v1::ApiKey key;
    key.set_name(absl::StrCat("apiKeys/", fields[0]));
    v1::Role role;
    if (!ParseRole(fields[1], &role)) return bad(absl::StrCat("unknown role '", fields[1], "'"));
    key.set_role(role);
    if (fields[2].size() != 64 || !IsLowerHex(fields[2])) {
      return bad("sha256_hex must be 64 lower-case hex characters");
    }
    key.set_secret_sha256(std::string(fields[2]));
    if (fields.size() > 3 && fields[3] != "-") {
      for (absl::string_view scope : absl::StrSplit(fields[3], ',', absl::SkipEmpty())) {
        key.add_scopes(std::string(scope));
      }
    }
    key.set_display_name(fields.size() > 4
                             ? absl::StrJoin(fields.begin() + 4, fields.end(), " ")
                             : std::string(fields[0]));
    key.set_state(v1::API_KEY_STATE_ACTIVE);
    keys.push_back(std::move(key));
  }
  return keys;
}

absl::Status ApplyKeys(storage::Registry& registry, const std::vector<v1::ApiKey>& keys) {
  for (const v1::ApiKey& wanted : keys) {
    storage::ResourceWrite write;
    auto key = std::make_shared<v1::ApiKey>(wanted);
    auto stored = registry.Get(wanted.name());
    if (stored.ok()) {
      const auto& current = static_cast<const v1::ApiKey&>(**stored);
      if (current.secret_sha256() == wanted.secret_sha256() && current.role() == wanted.role() &&
          current.state() == wanted.state() &&
          absl::StrJoin(current.scopes(), ",") == absl::StrJoin(wanted.scopes(), ",") &&
          current.display_name() == wanted.display_name()) {
        continue;
      }
      write.expect = storage::Expect::kModRevision;
      write.expected_mod_revision = current.mod_revision();
    } else if (!absl::IsNotFound(stored.status())) {
      return stored.status();
    }
    write.resource = std::move(key);
    storage::ChangeSet change;
    change.actor = {"system/keys_file", v1::ROLE_ADMIN};
    change.method = "fangxind/ApplyKeysFile";
    change.reason = "key listed in --keys_file";
    change.writes.push_back(std::move(write));
    RETURN_IF_ERROR(registry.CommitAndWait(std::move(change)).status());
  }
  return absl::OkStatus();
}

}  // namespace fangxin
