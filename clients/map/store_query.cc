#include "clients/map/store_query.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace fangxin::map {
namespace {

// The value of `key`, or "" when absent. A repeated key is a mistake the caller should hear of.
std::string Single(const std::multimap<std::string, std::string>& params, const std::string& key,
                   FieldViolations* violations) {
  auto [begin, end] = params.equal_range(key);
  if (begin == end) return "";
  if (std::next(begin) != end) violations->Add(key, "must be given at most once");
  return begin->second;
}

bool IsCode(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

bool IsAreaId(absl::string_view text) {
  if (text.empty() || text.size() > 40) return false;
  for (char c : text) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<StoreFilter> ParseStoreQuery(const std::multimap<std::string, std::string>& params) {
  FieldViolations violations;
  StoreFilter filter;

  std::string division = Single(params, "division", &violations);
  if (absl::StartsWith(division, "divisions/")) division = division.substr(10);
  if (!division.empty()) {
    if (IsCode(division)) {
      filter.division = absl::StrCat("divisions/", division);
    } else {
      violations.Add("division", "must be a division code or divisions/{code}");
    }
  }

  std::string area = Single(params, "area", &violations);
  if (absl::StartsWith(area, "areas/")) area = area.substr(6);
  if (!area.empty()) {
    if (IsAreaId(area)) {
      filter.area = absl::StrCat("areas/", area);
    } else {
      violations.Add("area", "must be an area id or areas/{id}");
    }
  }

  const std::string state = Single(params, "pledge_state", &violations);
  if (!state.empty()) {
    filter.pledge_status = ParsePledgeStatus(state);
    if (!filter.pledge_status) {
      violations.Add("pledge_state",
                     "must be one of none, draft, active, suspended, revoked, ended");
    }
  }

  const std::string since = Single(params, "since", &violations);
  if (!since.empty() &&
      (!absl::SimpleAtoi(since, &filter.changed_after) || filter.changed_after < 0)) {
    violations.Add("since", "must be a revision, a non-negative integer");
  }

  if (!violations.empty()) return violations.ToStatus();
  return filter;
}

}  // namespace fangxin::map
