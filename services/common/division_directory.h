#ifndef FANGXIN_SERVICES_COMMON_DIVISION_DIRECTORY_H_
#define FANGXIN_SERVICES_COMMON_DIVISION_DIRECTORY_H_

// The administrative divisions a registry serves (a city, its county-level units and their
// townships), loaded once at start-up from a CSV under deploy/data/ and read-only afterwards.
// Divisions change by decree a few times a decade; a new table is a new deployment, not an API
// call, which is why they live here and not in storage.
//
// Thread-safety: immutable after construction, so every const method may be called from any
// number of threads without locking.

#include <istream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin {

class DivisionDirectory {
 public:
  // An empty directory: Find returns nullptr for everything.
  DivisionDirectory() = default;

  // Reads a CSV file with the header `code,name,level,parent_code,main_urban,lat,lng` (columns
  // may come in any order; extra columns are ignored):
  //   code         6 digits (city, county) or 9 digits (township)
  //   name         official name, 1 to 100 characters
  //   level        city | county | township
  //   parent_code  empty only for a top-level row; a county's parent is a city, a township's
  //                a county whose code its own code begins with
  //   main_urban   0 | 1
  //   lat, lng     WGS-84 decimal degrees, both empty when unknown
  // NOT_FOUND if the file cannot be opened; INVALID_ARGUMENT "{path}:{line}: ..." for the first
  // bad row (wrong field count, bad value, duplicate code, unknown or wrong-level parent).
  static absl::StatusOr<DivisionDirectory> LoadCsv(const std::string& path);

  // As LoadCsv, from a stream; `source` names it in error messages.
  static absl::StatusOr<DivisionDirectory> ReadCsv(std::istream* in, absl::string_view source);

  // Builds a directory from messages with at least `code`, `display_name` and `level` set, and
  // `parent` (`divisions/{code}`) where there is one. Fills `name` (`divisions/{code}`) when
  // empty and sets `state` to ACTIVE. INVALID_ARGUMENT "division {code}: ..." under the same
  // rules as LoadCsv. Handy for tests, which need only a few rows.
  static absl::StatusOr<DivisionDirectory> FromDivisions(std::vector<v1::Division> divisions);

  // The division with this resource name (`divisions/320902`) or bare code (`320902`), or
  // nullptr. The pointer stays valid as long as the directory (moves included).
  const v1::Division* Find(absl::string_view name_or_code) const;

  // Whether `name_or_code` is a known county-level division (district, county, county-level
  // city, functional zone) — the level every store and area is placed in.
  bool IsCounty(absl::string_view name_or_code) const;

  // Whether `township` is a known township-level division whose parent is `county`.
  bool IsTownshipOf(absl::string_view township, absl::string_view county) const;

  // The county-level division of a township, the division itself for a county, and nullptr for
  // a city or an unknown name.
  const v1::Division* County(absl::string_view name_or_code) const;

  // Direct children, ordered by code; empty for a township or an unknown name.
  std::vector<const v1::Division*> Children(absl::string_view name_or_code) const;

  // Every division, ordered by code (which puts parents before children).
  const std::vector<v1::Division>& All() const { return divisions_; }

  size_t size() const { return divisions_.size(); }

 private:
  static absl::StatusOr<DivisionDirectory> Build(std::vector<v1::Division> divisions,
                                                 const std::vector<std::string>& where);

  std::vector<v1::Division> divisions_;                             // Sorted by code.
  absl::flat_hash_map<std::string, size_t> by_code_;                // code -> index in divisions_.
  absl::flat_hash_map<std::string, std::vector<size_t>> children_;  // parent code -> indices.
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_DIVISION_DIRECTORY_H_
