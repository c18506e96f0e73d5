#include "clients/map/map_json.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fangxin::map {
namespace {

// Six decimals of a degree are about 0.1 m: the precision of the stored WGS-84 positions.
std::string Degrees(double value) { return absl::StrFormat("%.6f", value); }

std::string Counts(const CoverageCounts& counts) {
  return absl::StrFormat(R"("open_stores":%d,"pledged_stores":%d,"coverage_ratio":%.4f)",
                         counts.open_stores, counts.pledged_stores, counts.ratio());
}

absl::string_view LevelLabel(v1::DivisionLevel level) {
  switch (level) {
    case v1::DIVISION_LEVEL_CITY:
      return "city";
    case v1::DIVISION_LEVEL_COUNTY:
      return "county";
    case v1::DIVISION_LEVEL_TOWNSHIP:
      return "township";
    default:
      return "unspecified";
  }
}

}  // namespace

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '<':  // so a name can never close a <script> it is embedded in
        out += "\\u003c";
        break;
      default:
        if (byte < 0x20) {
          out += absl::StrFormat("\\u%04x", byte);
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

std::string StoresGeoJson(const StoreSnapshot& snapshot) {
  std::string out = absl::StrCat(R"({"type":"FeatureCollection","revision":)", snapshot.revision,
                                 R"(,"generation":)", snapshot.generation, R"(,"features":[)");
  bool first = true;
  for (const StorePoint& point : snapshot.stores) {
    const v1::Store& s = point.store;
    if (!first) out += ",";
    first = false;
    std::string geometry = "null";
    if (s.has_location()) {
      geometry =
          absl::StrCat(R"({"type":"Point","coordinates":[)", Degrees(s.location().longitude()), ",",
                       Degrees(s.location().latitude()), "]}");
    }
    absl::StrAppend(&out, R"({"type":"Feature","id":)", JsonQuote(s.name()), R"(,"geometry":)",
                    geometry, R"(,"properties":{"name":)", JsonQuote(s.name()),
                    R"(,"display_name":)", JsonQuote(s.display_name()), R"(,"division":)",
                    JsonQuote(s.division()), R"(,"township":)", JsonQuote(s.township()),
                    R"(,"area":)", JsonQuote(s.area()), R"(,"industry":)", JsonQuote(s.industry()),
                    R"(,"state":)", s.state() == v1::STORE_STATE_OPEN ? R"("open")" : R"("closed")",
                    R"(,"pledge_status":)", JsonQuote(PledgeStatusLabel(point.pledge_status)),
                    R"(,"changed_revision":)", point.changed_revision, "}}");
  }
  out += "]}";
  return out;
}

std::string CoverageJson(const CoverageSnapshot& snapshot) {
  std::string out =
      absl::StrCat(R"({"revision":)", snapshot.revision, R"(,"generation":)", snapshot.generation,
                   R"(,"city":{)", Counts(snapshot.city), R"(},"main_urban":{)",
                   Counts(snapshot.main_urban), R"(},"divisions":[)");
  bool first = true;
  for (const DivisionCoverage& entry : snapshot.divisions) {
    const v1::Division& d = entry.division;
    if (!first) out += ",";
    first = false;
    std::string location = "null";
    if (d.has_location()) {
      location = absl::StrCat(R"({"lat":)", Degrees(d.location().latitude()), R"(,"lng":)",
                              Degrees(d.location().longitude()), "}");
    }
    absl::StrAppend(&out, R"({"name":)", JsonQuote(d.name()), R"(,"code":)", JsonQuote(d.code()),
                    R"(,"display_name":)", JsonQuote(d.display_name()), R"(,"level":")",
                    LevelLabel(d.level()), R"(","parent":)", JsonQuote(d.parent()),
                    R"(,"main_urban":)", d.main_urban() ? "true" : "false", R"(,"location":)",
                    location, ",", Counts(entry.counts), "}");
  }
  out += "]}";
  return out;
}

std::string ChangesJson(const ChangesSnapshot& snapshot) {
  std::string out = absl::StrCat(R"({"revision":)", snapshot.revision, R"(,"generation":)",
                                 snapshot.generation, R"(,"changes":[)");
  bool first = true;
  for (const Change& c : snapshot.changes) {
    if (!first) out += ",";
    first = false;
    absl::StrAppend(&out, R"({"revision":)", c.revision, R"(,"commit_time_ms":)", c.commit_time_ms,
                    R"(,"what":)", JsonQuote(c.what), R"(,"store":)", JsonQuote(c.store),
                    R"(,"store_display_name":)", JsonQuote(c.store_display_name), R"(,"division":)",
                    JsonQuote(c.division), "}");
  }
  out += "]}";
  return out;
}

}  // namespace fangxin::map
