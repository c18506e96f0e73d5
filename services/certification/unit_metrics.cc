#include "services/certification/unit_metrics.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "fangxin/v1/resources.pb.h"
#include "services/certification/certification_keys.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/time_util.h"
#include "services/certification/rules/unit_names.h"
#include "services/compliance/complaint_timeliness.h"
#include "services/compliance/compliance_keys.h"
#include "services/pledge/pledge_keys.h"
#include "services/schema/fangxin_schema.h"

namespace fangxin {
namespace {

using Resources = std::vector<std::shared_ptr<const google::protobuf::Message>>;

constexpr int kPage = 500;
// The most records one collection of a unit may hold before the reader gives up: far above
// the largest county of the city, low enough that a runaway scan cannot take the server.
constexpr size_t kMaxRecords = 500000;
// Complaints are read from this long before the window, because a decision limit of 7
// working days (with a holiday week in it) can fall inside the window for a complaint
// received before it.
constexpr absl::Duration kDecisionSlack = absl::Hours(24 * 40);

// Every resource `query` matches, page by page.
absl::StatusOr<Resources> ScanAll(storage::Registry& registry, storage::ScanQuery query) {
  query.limit = kPage;
  Resources out;
  while (true) {
    ASSIGN_OR_RETURN(storage::ScanResult page, registry.Scan(query));
    out.insert(out.end(), page.resources.begin(), page.resources.end());
    if (out.size() > kMaxRecords) {
      return absl::ResourceExhaustedError(
          absl::StrCat("more than ", kMaxRecords, " ", query.collection, " to read for one unit"));
    }
    if (page.done) return out;
    query.start_after = page.last_key;
  }
}

template <typename T>
const T& As(const std::shared_ptr<const google::protobuf::Message>& m) {
  return static_cast<const T&>(*m);
}

// One of the unit's stores with its pledges.
struct StoreRecord {
  v1::Store store;
  std::vector<v1::Pledge> pledges;
  // The no-reason-return pledge in force (ACTIVE), if any; points into `pledges`.
  const v1::Pledge* in_force = nullptr;
};

// Where the unit's compliance records are indexed: (index, value) of the compliance
// collections, or empty to read them through the pledges of each store.
struct ComplianceScope {
  std::string index;
  std::string value;
};

struct UnitData {
  std::vector<StoreRecord> stores;
  std::set<std::string> store_names;
  // "store" for a store unit, "open stores" otherwise: the basis strings' noun.
  std::string noun;
  ComplianceScope scope;
};

bool IsDigits(absl::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

absl::Status UnitMismatch(const std::string& unit, v1::UnitKind kind) {
  return InvalidFieldError(
      "unit", absl::StrCat("\"", unit, "\" is not the name of a ", UnitKindLabel(kind)));
}

// The stores whose records make up the unit's metrics.
absl::StatusOr<std::vector<v1::Store>> StoresOfUnit(storage::Registry& registry,
                                                    const std::string& unit, v1::UnitKind kind,
                                                    ComplianceScope* scope) {
  storage::ScanQuery query;
  query.collection = "stores";
  switch (kind) {
    case v1::UNIT_STORE: {
      if (!absl::StrContains(unit, "/stores/")) return UnitMismatch(unit, kind);
      ASSIGN_OR_RETURN(auto store, registry.Get(unit));
      return std::vector<v1::Store>{As<v1::Store>(store)};
    }
    case v1::UNIT_MERCHANT: {
      if (!absl::StartsWith(unit, "merchants/") || absl::StrContains(unit.substr(10), "/")) {
        return UnitMismatch(unit, kind);
      }
      RETURN_IF_ERROR(registry.Get(unit).status());
      query.value = absl::StrCat(unit, "/stores/");
      break;
    }
    case v1::UNIT_AREA: {
      if (!absl::StartsWith(unit, "areas/")) return UnitMismatch(unit, kind);
      RETURN_IF_ERROR(registry.Get(unit).status());
      query.index = index::kArea;
      query.value = pledge_index::LastSegment(unit);
      *scope = {compliance_index::kArea, query.value};
      break;
    }
    case v1::UNIT_DIVISION: {
      const std::string code = pledge_index::LastSegment(unit);
      if (!absl::StartsWith(unit, "divisions/") || !IsDigits(code) ||
          (code.size() != 6 && code.size() != 9)) {
        return UnitMismatch(unit, kind);
      }
      RETURN_IF_ERROR(registry.Get(unit).status());
      query.index = code.size() == 6 ? index::kDivision : index::kTownship;
      query.value = code;
      // Compliance records know their county, not their township.
      *scope = {compliance_index::kDivision, code.substr(0, 6)};
      break;
    }
    default:
      return UnitMismatch(unit, kind);
  }
  query.filter = [](const google::protobuf::Message& m) {
    return static_cast<const v1::Store&>(m).state() == v1::STORE_STATE_OPEN;
  };
  ASSIGN_OR_RETURN(Resources found, ScanAll(registry, query));
  std::vector<v1::Store> stores;
  stores.reserve(found.size());
  for (const auto& r : found) stores.push_back(As<v1::Store>(r));
  return stores;
}

absl::StatusOr<UnitData> ReadUnitData(storage::Registry& registry, const std::string& unit,
                                      v1::UnitKind kind) {
  UnitData data;
  data.noun = kind == v1::UNIT_STORE ? "store" : "open stores";
  ASSIGN_OR_RETURN(std::vector<v1::Store> stores, StoresOfUnit(registry, unit, kind, &data.scope));
  data.stores.resize(stores.size());
  for (size_t i = 0; i < stores.size(); ++i) {
    StoreRecord& record = data.stores[i];
    record.store = std::move(stores[i]);
    data.store_names.insert(record.store.name());
    storage::ScanQuery query;
    query.collection = pledge_index::kCollection;
    query.index = pledge_index::kStore;
    query.value = pledge_index::StoreKey(record.store.name());
    ASSIGN_OR_RETURN(Resources pledges, ScanAll(registry, query));
    for (const auto& p : pledges) record.pledges.push_back(As<v1::Pledge>(p));
    for (const v1::Pledge& p : record.pledges) {
      if (p.kind() == v1::PLEDGE_KIND_NO_REASON_RETURN && p.state() == v1::PLEDGE_STATE_ACTIVE) {
        record.in_force = &p;
      }
    }
  }
  return data;
}

// The records (complaints, inspections or violations: T) of `collection` about the unit's
// stores that `keep` accepts.
template <typename T>
absl::StatusOr<Resources> ComplianceRecords(storage::Registry& registry, const UnitData& data,
                                            const char* collection,
                                            std::function<bool(const T&)> keep) {
  auto about_unit = [&data, keep](const google::protobuf::Message& m) {
    const T& record = static_cast<const T&>(m);
    return data.store_names.count(record.store()) > 0 && keep(record);
  };
  std::vector<storage::ScanQuery> queries;
  if (!data.scope.index.empty()) {
    storage::ScanQuery query;
    query.index = data.scope.index;
    query.value = data.scope.value;
    queries.push_back(query);
  } else if (std::string(collection) == compliance_index::kComplaints) {
    // Complaints are indexed by county only: read each county of the unit's stores.
    std::set<std::string> counties;
    for (const StoreRecord& r : data.stores)
      counties.insert(pledge_index::LastSegment(r.store.division()));
    for (const std::string& county : counties) {
      storage::ScanQuery query;
      query.index = compliance_index::kDivision;
      query.value = county;
      queries.push_back(query);
    }
  } else {
    for (const StoreRecord& r : data.stores) {
      for (const v1::Pledge& p : r.pledges) {
        storage::ScanQuery query;
        query.index = compliance_index::kPledge;
        query.value = pledge_index::LastSegment(p.name());
        queries.push_back(query);
      }
    }
  }
  Resources out;
  for (storage::ScanQuery& query : queries) {
    query.collection = collection;
    query.filter = about_unit;
    ASSIGN_OR_RETURN(Resources found, ScanAll(registry, query));
    out.insert(out.end(), found.begin(), found.end());
    if (out.size() > kMaxRecords) {
      return absl::ResourceExhaustedError(
          absl::StrCat("more than ", kMaxRecords, " ", collection, " to read for one unit"));
    }
  }
  return out;
}

// "3 of 5".
std::string PartOf(int part, int whole) { return absl::StrCat(part, " of ", whole); }

MetricValue Share(int part, int whole, const std::string& basis) {
  return {whole == 0 ? 0.0 : static_cast<double>(part) / whole, basis};
}

absl::Time ActiveSince(const v1::Pledge& pledge) {
  return pledge.has_activate_time() ? FromProto(pledge.activate_time())
                                    : FromProto(pledge.valid_from());
}

MetricValue PledgeActiveDays(const UnitData& data, v1::UnitKind kind, absl::Time now) {
  if (data.stores.empty()) return {0, "no open stores"};
  const StoreRecord* fewest = nullptr;
  int64_t fewest_days = 0;
  int without = 0;
  for (const StoreRecord& r : data.stores) {
    if (r.in_force == nullptr) {
      ++without;
      continue;
    }
    const int64_t days = std::max<int64_t>(0, (now - ActiveSince(*r.in_force)) / absl::Hours(24));
    if (fewest == nullptr || days < fewest_days) {
      fewest = &r;
      fewest_days = days;
    }
  }
  if (without > 0) {
    return {0, kind == v1::UNIT_STORE ? std::string("no pledge in force")
                                      : absl::StrCat(without, " of ", data.stores.size(),
                                                     " open stores without a pledge in force")};
  }
  const std::string since =
      absl::FormatTime("%Y-%m-%d", ActiveSince(*fewest->in_force), ChinaStandardTime());
  if (kind == v1::UNIT_STORE) {
    return {static_cast<double>(fewest_days),
            absl::StrCat(fewest->in_force->name(), " active since ", since)};
  }
  return {static_cast<double>(fewest_days),
          absl::StrCat("fewest of ", data.stores.size(), " open stores: ", fewest->store.name(),
                       " active since ", since)};
}

}  // namespace

absl::StatusOr<UnitMetrics> ReadUnitMetrics(storage::Registry& registry,
                                            const WorkingCalendar& calendar,
                                            const std::string& unit, v1::UnitKind unit_kind,
                                            absl::Time now) {
  ASSIGN_OR_RETURN(UnitData data, ReadUnitData(registry, unit, unit_kind));
  const int store_count = static_cast<int>(data.stores.size());
  const absl::Time window_start = now - kMetricWindow;
  auto in_window = [window_start, now](absl::Time t) { return t > window_start && t <= now; };
  UnitMetrics metrics;

  if (MetricAppliesTo(v1::PLEDGE_ACTIVE_DAYS, unit_kind)) {
    metrics[v1::PLEDGE_ACTIVE_DAYS] = PledgeActiveDays(data, unit_kind, now);
  }

  int covered = 0;
  for (const StoreRecord& r : data.stores) covered += r.in_force != nullptr ? 1 : 0;
  metrics[v1::PLEDGE_COVERAGE] =
      Share(covered, store_count,
            absl::StrCat(PartOf(covered, store_count), " ", data.noun, " with a pledge in force"));

  // Complaints.
  const absl::Time earliest = window_start - kDecisionSlack;
  ASSIGN_OR_RETURN(Resources complaints, ComplianceRecords<v1::Complaint>(
                                             registry, data, compliance_index::kComplaints,
                                             [earliest, now](const v1::Complaint& c) {
                                               const absl::Time t = FromProto(c.receive_time());
                                               return t > earliest && t <= now;
                                             }));
  int received = 0, upheld = 0, due = 0, on_time = 0;
  const ComplaintLimits limits;
  for (const auto& m : complaints) {
    const auto& c = As<v1::Complaint>(m);
    if (in_window(FromProto(c.receive_time()))) {
      ++received;
      if (c.pledge_related() && c.outcome() == v1::COMPLAINT_OUTCOME_UPHELD) ++upheld;
    }
    if (in_window(calendar.Deadline(FromProto(c.receive_time()), limits.decide_working_days))) {
      ++due;
      if (DecisionOutcome(c, calendar, now, limits) == LimitOutcome::kMet) ++on_time;
    }
  }
  metrics[v1::UPHELD_COMPLAINTS_12M] = {static_cast<double>(upheld),
                                        absl::StrCat(upheld, " upheld pledge-related of ", received,
                                                     " complaints received in 12 months")};
  metrics[v1::ON_TIME_COMPLAINT_RATE] = {
      due == 0 ? 1.0 : static_cast<double>(on_time) / due,
      due == 0 ? "no complaint's decision limit fell in 12 months"
               : absl::StrCat(PartOf(on_time, due), " complaints decided within ",
                              limits.decide_working_days, " working days")};

  // Inspections.
  ASSIGN_OR_RETURN(Resources inspections, ComplianceRecords<v1::Inspection>(
                                              registry, data, compliance_index::kInspections,
                                              [&in_window](const v1::Inspection& i) {
                                                return in_window(FromProto(i.inspect_time()));
                                              }));
  int passed = 0;
  for (const auto& m : inspections) {
    const auto& i = As<v1::Inspection>(m);
    if (i.passed() || !i.rectified_by().empty()) ++passed;
  }
  const int inspected = static_cast<int>(inspections.size());
  metrics[v1::INSPECTION_PASS_RATE] = {
      inspected == 0 ? 1.0 : static_cast<double>(passed) / inspected,
      inspected == 0 ? "no inspections in 12 months"
                     : absl::StrCat(PartOf(passed, inspected),
                                    " inspections in 12 months passed or rectified")};

  // Violations.
  ASSIGN_OR_RETURN(Resources violations,
                   ComplianceRecords<v1::Violation>(registry, data, compliance_index::kViolations,
                                                    [&in_window](const v1::Violation& v) {
                                                      return in_window(FromProto(v.occur_time()));
                                                    }));
  metrics[v1::VIOLATIONS_12M] = {
      static_cast<double>(violations.size()),
      absl::StrCat(violations.size(), " violations in 12 months at ", store_count, " ", data.noun)};

  if (MetricAppliesTo(v1::CERTIFIED_MEMBER_SHARE, unit_kind)) {
    int certified = 0;
    for (const StoreRecord& r : data.stores) {
      storage::ScanQuery query;
      query.collection = cert_index::kCertificates;
      query.index = cert_index::kUnit;
      query.value = cert_index::UnitKey(r.store.name());
      query.limit = 1;
      query.filter = [](const google::protobuf::Message& m) {
        return static_cast<const v1::Certificate&>(m).state() == v1::VALID;
      };
      ASSIGN_OR_RETURN(Resources held, ScanAll(registry, query));
      if (!held.empty()) ++certified;
    }
    metrics[v1::CERTIFIED_MEMBER_SHARE] =
        Share(certified, store_count,
              absl::StrCat(PartOf(certified, store_count), " open stores certified"));
  }
  return metrics;
}

}  // namespace fangxin
