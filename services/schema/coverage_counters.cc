#include "services/schema/coverage_counters.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace fangxin::coverage {
namespace {

constexpr char kDivisionsPrefix[] = "divisions/";
constexpr size_t kCountyCodeDigits = 6;
constexpr size_t kCityDigits = 4;

std::vector<std::string> Located(const std::string& division, const std::string& township,
                                 const std::string& area) {
  std::vector<std::string> scopes;
  const std::string city = CityOf(division);
  if (!city.empty()) scopes.push_back(city);
  // A city-level store (division = the city itself) must not count twice for the city.
  if (!division.empty() && division != city) scopes.push_back(division);
  if (!township.empty()) scopes.push_back(township);
  if (!area.empty()) scopes.push_back(area);
  return scopes;
}

std::vector<storage::CounterContribution> Each(const std::vector<std::string>& scopes,
                                               const std::string& metric) {
  std::vector<storage::CounterContribution> out;
  out.reserve(scopes.size());
  for (const std::string& scope : scopes) out.push_back({scope, metric, 1});
  return out;
}

}  // namespace

std::string CityOf(const std::string& division) {
  if (!absl::StartsWith(division, kDivisionsPrefix)) return "";
  const std::string code = division.substr(sizeof(kDivisionsPrefix) - 1);
  if (code.size() < kCountyCodeDigits) return "";
  return absl::StrCat(kDivisionsPrefix, code.substr(0, kCityDigits), "00");
}

std::vector<std::string> StoreScopes(const v1::Store& store) {
  return Located(store.division(), store.township(), store.area());
}

std::vector<storage::CounterContribution> StoreCounters(const v1::Store& store) {
  if (store.state() != v1::STORE_STATE_OPEN) return {};
  return Each(StoreScopes(store), kOpenStores);
}

std::vector<std::string> PledgeScopes(const v1::Pledge& pledge) {
  return Located(pledge.division(), pledge.township(), pledge.area());
}

std::vector<storage::CounterContribution> PledgeCounters(const v1::Pledge& pledge) {
  if (pledge.state() != v1::PLEDGE_STATE_ACTIVE ||
      pledge.kind() != v1::PLEDGE_KIND_NO_REASON_RETURN) {
    return {};
  }
  return Each(PledgeScopes(pledge), kPledgedStores);
}

std::vector<std::string> MerchantScopes(const v1::Merchant& merchant) {
  return Located(merchant.division(), "", "");
}

std::vector<std::string> AreaScopes(const v1::Area& area) {
  std::vector<std::string> scopes = Located(area.division(), area.township(), "");
  if (!area.name().empty()) scopes.push_back(area.name());
  return scopes;
}

std::vector<std::string> CertificateScopes(const v1::Certificate& certificate) {
  return Located(certificate.division(), certificate.township(), certificate.area());
}

std::string CertifiedMetric(v1::CertificationCategory category, v1::CertificationLevel level) {
  return absl::AsciiStrToLower(absl::StrCat(kCertifiedPrefix,
                                            v1::CertificationCategory_Name(category), "/",
                                            v1::CertificationLevel_Name(level)));
}

std::vector<storage::CounterContribution> CertificateCounters(const v1::Certificate& certificate) {
  if (certificate.state() != v1::VALID && certificate.state() != v1::RECTIFYING) return {};
  return Each(CertificateScopes(certificate),
              CertifiedMetric(certificate.category(), certificate.level()));
}

}  // namespace fangxin::coverage
