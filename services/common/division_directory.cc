#include "services/common/division_directory.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "services/common/csv.h"
#include "services/common/names.h"
#include "services/common/text.h"

namespace fangxin {
namespace {

constexpr absl::string_view kPrefix = "divisions/";
constexpr size_t kMaxDisplayName = 100;

absl::string_view CodeOf(absl::string_view name_or_code) {
  if (absl::StartsWith(name_or_code, kPrefix)) name_or_code.remove_prefix(kPrefix.size());
  return name_or_code;
}

absl::StatusOr<v1::DivisionLevel> ParseLevel(absl::string_view s) {
  if (s == "city") return v1::DIVISION_LEVEL_CITY;
  if (s == "county") return v1::DIVISION_LEVEL_COUNTY;
  if (s == "township") return v1::DIVISION_LEVEL_TOWNSHIP;
  return absl::InvalidArgumentError(
      absl::StrCat("level '", s, "' is not one of city, county, township"));
}

absl::StatusOr<double> ParseDegrees(absl::string_view column, absl::string_view s, double limit) {
  double v;
  if (!absl::SimpleAtod(s, &v) || !std::isfinite(v) || v < -limit || v > limit) {
    return absl::InvalidArgumentError(
        absl::StrCat(column, " '", s, "' is not a number between ", -limit, " and ", limit));
  }
  return v;
}

// One CSV row (fields already mapped to columns) as a Division; errors without location.
absl::StatusOr<v1::Division> RowToDivision(absl::string_view code, absl::string_view name,
                                           absl::string_view level, absl::string_view parent,
                                           absl::string_view main_urban, absl::string_view lat,
                                           absl::string_view lng) {
  v1::Division d;
  d.set_code(std::string(code));
  d.set_display_name(std::string(name));
  ASSIGN_OR_RETURN(v1::DivisionLevel lvl, ParseLevel(level));
  d.set_level(lvl);
  if (!parent.empty()) d.set_parent(FormatDivisionName(parent));
  if (main_urban != "0" && main_urban != "1") {
    return absl::InvalidArgumentError(absl::StrCat("main_urban '", main_urban, "' must be 0 or 1"));
  }
  d.set_main_urban(main_urban == "1");
  if (lat.empty() != lng.empty()) {
    return absl::InvalidArgumentError("lat and lng must both be set or both be empty");
  }
  if (!lat.empty()) {
    ASSIGN_OR_RETURN(double la, ParseDegrees("lat", lat, 90));
    ASSIGN_OR_RETURN(double ln, ParseDegrees("lng", lng, 180));
    d.mutable_location()->set_latitude(la);
    d.mutable_location()->set_longitude(ln);
  }
  return d;
}

// Rules one division obeys on its own.
std::string DivisionProblem(const v1::Division& d) {
  std::string problem = DivisionCodeProblem(d.code());
  if (!problem.empty()) return absl::StrCat("code '", d.code(), "' ", problem);
  size_t want = d.level() == v1::DIVISION_LEVEL_TOWNSHIP ? 9 : 6;
  switch (d.level()) {
    case v1::DIVISION_LEVEL_CITY:
    case v1::DIVISION_LEVEL_COUNTY:
    case v1::DIVISION_LEVEL_TOWNSHIP:
      break;
    default:
      return "level must be city, county or township";
  }
  if (d.code().size() != want) {
    return absl::StrCat("a ",
                        d.level() == v1::DIVISION_LEVEL_TOWNSHIP ? "township" : "city or county",
                        " code has ", want, " digits");
  }
  problem = TextProblem(d.display_name(), 1, kMaxDisplayName);
  if (!problem.empty()) return absl::StrCat("name ", problem);
  if (!d.name().empty() && d.name() != FormatDivisionName(d.code())) {
    return absl::StrCat("name '", d.name(), "' does not match code ", d.code());
  }
  if (!d.parent().empty()) {
    auto parent = ParseDivisionName(d.parent(), "parent");
    if (!parent.ok()) return absl::StrCat("parent '", d.parent(), "' is not divisions/{code}");
  } else if (d.level() == v1::DIVISION_LEVEL_TOWNSHIP) {
    return "a township needs a parent county";
  }
  if (d.has_location()) {
    double lat = d.location().latitude(), lng = d.location().longitude();
    if (!std::isfinite(lat) || !std::isfinite(lng) || std::abs(lat) > 90 || std::abs(lng) > 180) {
      return "location is out of range";
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<DivisionDirectory> DivisionDirectory::LoadCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return absl::NotFoundError(absl::StrCat("cannot open division table ", path));
  return ReadCsv(&in, path);
}

absl::StatusOr<DivisionDirectory> DivisionDirectory::ReadCsv(std::istream* in,
                                                             absl::string_view source) {
  static constexpr absl::string_view kColumns[] = {"code",       "name", "level", "parent_code",
                                                   "main_urban", "lat",  "lng"};
  CsvReader reader(in);
  std::vector<std::string> row;
  if (!reader.Next(&row)) {
    if (!reader.status().ok()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": ", reader.status().message()));
    }
    return absl::InvalidArgumentError(absl::StrCat(source, ": empty file, expected a header"));
  }
  const size_t width = row.size();
  size_t col[7];
  for (size_t c = 0; c < 7; ++c) {
    auto it = std::find(row.begin(), row.end(), kColumns[c]);
    if (it == row.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ":", reader.line(), ": header has no column '", kColumns[c],
                       "' (expected ", absl::StrJoin(kColumns, ","), ")"));
    }
    col[c] = static_cast<size_t>(it - row.begin());
  }

  std::vector<v1::Division> divisions;
  std::vector<std::string> where;
  while (reader.Next(&row)) {
    std::string at = absl::StrCat(source, ":", reader.line());
    if (row.size() != width) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ": has ", row.size(), " fields, the header has ", width));
    }
    auto d = RowToDivision(row[col[0]], row[col[1]], row[col[2]], row[col[3]], row[col[4]],
                           row[col[5]], row[col[6]]);
    if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat(at, ": ", d.status().message()));
    divisions.push_back(*std::move(d));
    where.push_back(std::move(at));
  }
  if (!reader.status().ok()) {
    return absl::Status(reader.status().code(),
                        absl::StrCat(source, ": ", reader.status().message()));
  }
  return Build(std::move(divisions), where);
}

absl::StatusOr<DivisionDirectory> DivisionDirectory::FromDivisions(
    std::vector<v1::Division> divisions) {
  std::vector<std::string> where;
  where.reserve(divisions.size());
  for (const v1::Division& d : divisions) where.push_back(absl::StrCat("division ", d.code()));
  return Build(std::move(divisions), where);
}

absl::StatusOr<DivisionDirectory> DivisionDirectory::Build(std::vector<v1::Division> divisions,
                                                           const std::vector<std::string>& where) {
  auto fail = [&](size_t i, absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(where[i], ": ", what));
  };
  // Check each row and index it by code, before anything is reordered, so errors carry their
  // line numbers.
  absl::flat_hash_map<std::string, size_t> by_code;
  for (size_t i = 0; i < divisions.size(); ++i) {
    std::string problem = DivisionProblem(divisions[i]);
    if (!problem.empty()) return fail(i, problem);
    auto [it, inserted] = by_code.emplace(divisions[i].code(), i);
    if (!inserted) return fail(i, absl::StrCat("duplicate code ", divisions[i].code()));
  }
  for (size_t i = 0; i < divisions.size(); ++i) {
    const v1::Division& d = divisions[i];
    if (d.parent().empty()) continue;
    absl::string_view parent_code = CodeOf(d.parent());
    auto it = by_code.find(parent_code);
    if (it == by_code.end()) return fail(i, absl::StrCat("unknown parent ", parent_code));
    const v1::Division& p = divisions[it->second];
    bool level_ok =
        (d.level() == v1::DIVISION_LEVEL_COUNTY && p.level() == v1::DIVISION_LEVEL_CITY) ||
        (d.level() == v1::DIVISION_LEVEL_TOWNSHIP && p.level() == v1::DIVISION_LEVEL_COUNTY);
    if (!level_ok) {
      return fail(i, absl::StrCat("parent ", parent_code,
                                  " is not one level up (a county's "
                                  "parent is a city, a township's a county)"));
    }
    // GB/T 2260 and the statistical codes nest: a township code extends its county's code.
    if (d.level() == v1::DIVISION_LEVEL_TOWNSHIP && !absl::StartsWith(d.code(), parent_code)) {
      return fail(i, absl::StrCat("township code ", d.code(),
                                  " does not begin with its county "
                                  "code ",
                                  parent_code));
    }
  }

  DivisionDirectory dir;
  dir.divisions_ = std::move(divisions);
  std::sort(dir.divisions_.begin(), dir.divisions_.end(),
            [](const v1::Division& a, const v1::Division& b) { return a.code() < b.code(); });
  for (size_t i = 0; i < dir.divisions_.size(); ++i) {
    v1::Division& d = dir.divisions_[i];
    d.set_name(FormatDivisionName(d.code()));
    d.set_state(v1::DIVISION_STATE_ACTIVE);
    dir.by_code_.emplace(d.code(), i);
    if (!d.parent().empty()) dir.children_[CodeOf(d.parent())].push_back(i);
  }
  return dir;
}

const v1::Division* DivisionDirectory::Find(absl::string_view name_or_code) const {
  auto it = by_code_.find(CodeOf(name_or_code));
  return it == by_code_.end() ? nullptr : &divisions_[it->second];
}

bool DivisionDirectory::IsCounty(absl::string_view name_or_code) const {
  const v1::Division* d = Find(name_or_code);
  return d != nullptr && d->level() == v1::DIVISION_LEVEL_COUNTY;
}

bool DivisionDirectory::IsTownshipOf(absl::string_view township, absl::string_view county) const {
  const v1::Division* t = Find(township);
  const v1::Division* c = Find(county);
  return t != nullptr && c != nullptr && t->level() == v1::DIVISION_LEVEL_TOWNSHIP &&
         c->level() == v1::DIVISION_LEVEL_COUNTY && t->parent() == c->name();
}

const v1::Division* DivisionDirectory::County(absl::string_view name_or_code) const {
  const v1::Division* d = Find(name_or_code);
  if (d == nullptr) return nullptr;
  if (d->level() == v1::DIVISION_LEVEL_COUNTY) return d;
  if (d->level() == v1::DIVISION_LEVEL_TOWNSHIP) return Find(d->parent());
  return nullptr;
}

std::vector<const v1::Division*> DivisionDirectory::Children(absl::string_view name_or_code) const {
  std::vector<const v1::Division*> out;
  auto it = children_.find(CodeOf(name_or_code));
  if (it == children_.end()) return out;
  for (size_t i : it->second) out.push_back(&divisions_[i]);
  return out;
}

}  // namespace fangxin
