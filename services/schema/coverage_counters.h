#ifndef FANGXIN_SERVICES_SCHEMA_COVERAGE_COUNTERS_H_
#define FANGXIN_SERVICES_SCHEMA_COVERAGE_COUNTERS_H_

// Where resources lie (watch filters) and what they count for (GetCoverage), as pure functions
// of one resource: the schema hands them to the commit path (CollectionSpec::scopes and
// ::counters), which keeps every counter equal to the sum over the current resources.
//
// Scopes of a located resource: its city (`divisions/<first 4 digits>00`), its county division,
// its township and its area, where set.
//
// Counted:
//   open_stores     a store in state OPEN.
//   pledged_stores  an ACTIVE no-reason-return pledge. At most one such pledge is ACTIVE per
//                   store (DESIGN.md), and closing a store terminates its pledges in the same
//                   commit, so this equals "open stores with an active no-reason pledge"
//                   without having to look at the store from the pledge.
// Main-urban counts are not stored: GetCoverage sums the counts of the main-urban counties,
// so a division's main-urban flag can change without a recount.

#include <string>
#include <vector>

#include "fangxin/v1/certification.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "storage/schema.h"

namespace fangxin::coverage {

inline constexpr char kOpenStores[] = "open_stores";
inline constexpr char kPledgedStores[] = "pledged_stores";
// Prefix of certified-unit counters: certified/<category>/<level>, e.g.
// "certified/demonstration_street_district/city_demonstration": one per VALID or RECTIFYING
// certificate, in the scopes of its unit.
inline constexpr char kCertifiedPrefix[] = "certified/";

// "divisions/320902" or "divisions/320902001" -> "divisions/320900"; "" when malformed.
std::string CityOf(const std::string& division);

std::vector<std::string> StoreScopes(const v1::Store& store);
std::vector<storage::CounterContribution> StoreCounters(const v1::Store& store);

std::vector<std::string> PledgeScopes(const v1::Pledge& pledge);
std::vector<storage::CounterContribution> PledgeCounters(const v1::Pledge& pledge);

std::vector<std::string> MerchantScopes(const v1::Merchant& merchant);
// An area lies in its division and township, and in itself.
std::vector<std::string> AreaScopes(const v1::Area& area);

// A certificate lies where its unit does (county, township, area), and counts there while live.
std::vector<std::string> CertificateScopes(const v1::Certificate& certificate);
std::vector<storage::CounterContribution> CertificateCounters(const v1::Certificate& certificate);
// "certified/<category>/<level>" in lower case.
std::string CertifiedMetric(v1::CertificationCategory category, v1::CertificationLevel level);

}  // namespace fangxin::coverage

#endif  // FANGXIN_SERVICES_SCHEMA_COVERAGE_COUNTERS_H_
