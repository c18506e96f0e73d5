#include "services/certification/rules/tiers.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <tuple>

#include "services/certification/rules/certificate_rules.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/time_util.h"

namespace fangxin {
namespace {

// Whether `a` places its unit better than `b`: higher level, then VALID before RECTIFYING, then
// the later valid_until, then the smaller name (so the choice never depends on input order).
bool PlacesHigher(const v1::Certificate& a, const v1::Certificate& b) {
  if (a.level() != b.level()) return a.level() > b.level();
  if (a.state() != b.state()) return a.state() == v1::VALID;
  const absl::Time a_until = FromProto(a.valid_until());
  const absl::Time b_until = FromProto(b.valid_until());
  if (a_until != b_until) return a_until > b_until;
  return a.name() < b.name();
}

v1::TierUnit ToTierUnit(const v1::Certificate& certificate) {
  v1::TierUnit unit;
  unit.set_unit(certificate.unit());
  unit.set_unit_kind(certificate.unit_kind());
  unit.set_unit_display_name(certificate.unit_display_name());
  unit.set_certificate(certificate.name());
  unit.set_category(certificate.category());
  unit.set_state(certificate.state());
  *unit.mutable_valid_until() = certificate.valid_until();
  return unit;
}

}  // namespace

v1::ListTiersResponse BuildTiers(const std::vector<v1::Certificate>& certificates) {
  std::map<std::string, const v1::Certificate*> best_by_unit;
  for (const v1::Certificate& certificate : certificates) {
    if (!IsLiveCertificate(certificate.state())) continue;
    if (certificate.level() == v1::CERTIFICATION_LEVEL_UNSPECIFIED ||
        !v1::CertificationLevel_IsValid(certificate.level())) {
      continue;
    }
    auto [it, inserted] = best_by_unit.emplace(certificate.unit(), &certificate);
    if (!inserted && PlacesHigher(certificate, *it->second)) it->second = &certificate;
  }

  // Highest level first: std::greater on the level number, as the enum is ordered.
  std::map<int, std::vector<v1::TierUnit>, std::greater<int>> units_by_level;
  for (const auto& [unit, certificate] : best_by_unit) {
    units_by_level[certificate->level()].push_back(ToTierUnit(*certificate));
  }
  v1::ListTiersResponse response;
  for (auto& [level, units] : units_by_level) {
    std::sort(units.begin(), units.end(), [](const v1::TierUnit& a, const v1::TierUnit& b) {
      return std::tie(a.unit_display_name(), a.unit()) < std::tie(b.unit_display_name(), b.unit());
    });
    v1::Tier* tier = response.add_tiers();
    tier->set_level(static_cast<v1::CertificationLevel>(level));
    for (v1::TierUnit& unit : units) *tier->add_units() = std::move(unit);
  }
  return response;
}

bool HoldsLevelBelow(const v1::Programme& programme, const std::vector<v1::Certificate>& held) {
  if (!programme.requires_lower_level()) return true;
  const std::optional<v1::CertificationLevel> below = LevelBelow(programme.level());
  if (!below.has_value()) return true;
  return std::any_of(held.begin(), held.end(), [&](const v1::Certificate& certificate) {
    return certificate.state() == v1::VALID && certificate.category() == programme.category() &&
           certificate.level() == *below;
  });
}

}  // namespace fangxin
