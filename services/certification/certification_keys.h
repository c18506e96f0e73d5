#ifndef FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_KEYS_H_
#define FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_KEYS_H_

// The collections of CertificationService and their index entries, shared by the schema (which
// maintains the indexes) and the certification core, sweeper and monitor (which query them).
// Pure.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fangxin/v1/certification.pb.h"
#include "services/pledge/pledge_keys.h"
#include "storage/schema.h"

namespace fangxin::cert_index {

// `programs/{id}` (the latest version) and `programs/{id}/versions/{n}` (every version,
// immutable, written in the same commit as the programme).
inline constexpr char kProgrammes[] = "programs";
inline constexpr char kProgrammeVersions[] = "versions";
inline constexpr char kApplications[] = "applications";
inline constexpr char kCertificates[] = "certificates";
inline constexpr char kSequences[] = "certificateSequences";

// Programmes: by category number and by level number.
inline constexpr char kCategory[] = "category";
inline constexpr char kLevel[] = "level";
// Applications and certificates: the programme id, the unit (UnitKey), the county division,
// township and area (last segment), the state number.
inline constexpr char kProgramme[] = "programme";
inline constexpr char kUnit[] = "unit";
inline constexpr char kDivision[] = "division";
inline constexpr char kTownship[] = "township";
inline constexpr char kArea[] = "area";
inline constexpr char kState[] = "state";
// Unique: one open application (SUBMITTED, UNDER_REVIEW, PUBLIC_NOTICE) per programme and unit.
inline constexpr char kOpenApplication[] = "open_application";
// Unique: one live certificate (VALID, RECTIFYING) per programme and unit.
inline constexpr char kLiveCertificate[] = "live_certificate";
// Certificates VALID or RECTIFYING, for the sweeper and the tiers (value "1").
inline constexpr char kLive[] = "live";
// Unique: a certificate number names one certificate for good, whoever issued it.
inline constexpr char kNumber[] = "number";

// Index values cannot contain '/'.
inline std::string UnitKey(const std::string& unit) { return pledge_index::StoreKey(unit); }

inline std::string ProgrammeUnitKey(const std::string& programme, const std::string& unit) {
  return absl::StrCat(pledge_index::LastSegment(programme), ":", UnitKey(unit));
}

inline storage::IndexEntry OpenApplicationEntry(const std::string& programme,
                                                const std::string& unit) {
  return {kOpenApplication, ProgrammeUnitKey(programme, unit), true};
}

inline storage::IndexEntry LiveCertificateEntry(const std::string& programme,
                                                const std::string& unit) {
  return {kLiveCertificate, ProgrammeUnitKey(programme, unit), true};
}

inline storage::IndexEntry NumberEntry(const std::string& number) {
  return {kNumber, UnitKey(number), true};
}

inline bool IsLiveCertificateState(v1::CertificateState state) {
  return state == v1::VALID || state == v1::RECTIFYING;
}

inline void AddPlace(const std::string& division, const std::string& township,
                     const std::string& area, std::vector<storage::IndexEntry>* out) {
  if (!division.empty()) out->push_back({kDivision, pledge_index::LastSegment(division), false});
  if (!township.empty()) out->push_back({kTownship, pledge_index::LastSegment(township), false});
  if (!area.empty()) out->push_back({kArea, pledge_index::LastSegment(area), false});
}

inline std::vector<storage::IndexEntry> ProgrammeIndexEntries(const v1::Programme& programme) {
  return {{kCategory, absl::StrCat(static_cast<int>(programme.category())), false},
          {kLevel, absl::StrCat(static_cast<int>(programme.level())), false}};
}

inline std::vector<storage::IndexEntry> ApplicationIndexEntries(const v1::Application& app) {
  std::vector<storage::IndexEntry> out;
  out.push_back({kProgramme, pledge_index::LastSegment(app.programme()), false});
  out.push_back({kUnit, UnitKey(app.unit()), false});
  out.push_back({kState, absl::StrCat(static_cast<int>(app.state())), false});
  if (app.state() == v1::SUBMITTED || app.state() == v1::UNDER_REVIEW ||
      app.state() == v1::PUBLIC_NOTICE) {
    out.push_back(OpenApplicationEntry(app.programme(), app.unit()));
  }
  AddPlace(app.division(), app.township(), app.area(), &out);
  return out;
}

inline std::vector<storage::IndexEntry> CertificateIndexEntries(const v1::Certificate& cert) {
  std::vector<storage::IndexEntry> out;
  out.push_back({kProgramme, pledge_index::LastSegment(cert.programme()), false});
  out.push_back({kUnit, UnitKey(cert.unit()), false});
  out.push_back({kState, absl::StrCat(static_cast<int>(cert.state())), false});
  if (!cert.number().empty()) out.push_back(NumberEntry(cert.number()));
  if (IsLiveCertificateState(cert.state())) {
    out.push_back(LiveCertificateEntry(cert.programme(), cert.unit()));
    out.push_back({kLive, "1", false});
  }
  AddPlace(cert.division(), cert.township(), cert.area(), &out);
  return out;
}

}  // namespace fangxin::cert_index

#endif  // FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_KEYS_H_
