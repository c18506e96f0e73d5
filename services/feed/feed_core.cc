#include "services/feed/feed_core.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "fangxin/v1/resources.pb.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/schema/coverage_counters.h"
#include "services/schema/fangxin_schema.h"

namespace fangxin {
namespace {

constexpr int kDefaultProgressIntervalMs = 1000;
constexpr int kMinProgressIntervalMs = 100;
constexpr int kMaxProgressIntervalMs = 60 * 1000;
// Commits read from storage per step of a page, and the most commits one page examines, so a
// narrow filter over a long history cannot make one call scan without bound.
constexpr int kListChunkCommits = 256;
constexpr int kListMaxExaminedCommits = 20 * 1000;

double Ratio(int64_t part, int64_t whole) {
  return whole <= 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

const std::vector<std::string> kNoScopes;

// The places an event's resource lies in, as the commit path computes them for watchers.
std::vector<std::string> ScopesOf(const v1::Event& event) {
  const storage::CollectionSpec* spec = FangxinSchema().ForName(event.resource_name());
  if (spec == nullptr || !spec->scopes) return {};
  std::unique_ptr<google::protobuf::Message> resource(spec->prototype->New());
  if (!resource->ParseFromString(event.resource().value())) return {};
  return spec->scopes(*resource);
}

// API keys (role, scopes, secret hash) are the admins' business: the feed shows their changes
// to admins only, as KeyService does.
bool Visible(const Principal& principal, const v1::Event& event) {
  return principal.role == v1::ROLE_ADMIN ||
         !absl::StartsWith(event.resource_name(), "apiKeys/");
}

int64_t Metric(const storage::CounterValues& values, const std::string& metric) {
  auto it = values.metrics.find(metric);
  return it == values.metrics.end() ? 0 : it->second;
}

}  // namespace

int FeedCore::ProgressIntervalMs(const v1::WatchEventsRequest& request) {
  return request.progress_interval_ms() == 0 ? kDefaultProgressIntervalMs
                                             : request.progress_interval_ms();
}

storage::WatchFilter FeedCore::ParseFilter(const v1::EventFilter& filter,
                                                           const std::string& path,
                                                           FieldViolations* violations) const {
  storage::WatchFilter parsed;
  for (int i = 0; i < filter.collections_size(); ++i) {
    const std::string& collection = filter.collections(i);
    if (collection.empty() || collection.find('/') != std::string::npos) {
      violations->Add(absl::StrCat(path, ".collections[", i, "]"),
                      "must be a collection id such as \"stores\"");
    }
    parsed.collections.push_back(collection);
  }
  if (!filter.division().empty()) {
    if (divisions_->Find(filter.division()) == nullptr ||
        !absl::StartsWith(filter.division(), "divisions/")) {
      violations->Add(absl::StrCat(path, ".division"),
                      absl::StrCat("\"", filter.division(), "\" is not a known division name"));
    }
    parsed.scopes.push_back(filter.division());
  }
  if (!filter.area().empty()) {
    if (!ParseAreaName(filter.area(), absl::StrCat(path, ".area")).ok()) {
      violations->Add(absl::StrCat(path, ".area"),
                      absl::StrCat("\"", filter.area(), "\" is not an area name (areas/{id})"));
    }
    parsed.scopes.push_back(filter.area());
  }
  return parsed;
}

absl::StatusOr<std::unique_ptr<storage::EventWatch>> FeedCore::StartWatch(
    const Principal& principal, const v1::WatchEventsRequest& request,
    std::function<void()> on_ready) {
  RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic, Target{}));
  FieldViolations violations;
  if (request.from_revision() < 0) violations.Add("from_revision", "must not be negative");
  const int interval = request.progress_interval_ms();
  if (interval != 0 && (interval < kMinProgressIntervalMs || interval > kMaxProgressIntervalMs)) {
    violations.Add("progress_interval_ms",
                   absl::StrCat("must be 0 (default ", kDefaultProgressIntervalMs, ") or ",
                                kMinProgressIntervalMs, "..", kMaxProgressIntervalMs));
  }
  storage::WatchFilter filter = ParseFilter(request.filter(), "filter", &violations);
  RETURN_IF_ERROR(violations.ToStatus());
  return registry_->Watch(request.from_revision(), std::move(filter), std::move(on_ready));
}

bool FeedCore::NeverRedacted(const Principal& principal, const v1::Event& event) {
  // The cases that CopyRedacted returns from before looking into the resource.
  if (principal.role == v1::ROLE_ADMIN || principal.role == v1::ROLE_CITY_SYSTEM) return true;
  return !event.resource().Is<v1::Pledge>() && !event.resource().Is<v1::Merchant>();
}

void FeedCore::CopyRedacted(const Principal& principal, const v1::Event& event,
                            v1::Event* out) const {
  *out = event;
  if (principal.role == v1::ROLE_ADMIN || principal.role == v1::ROLE_CITY_SYSTEM) return;
  if (out->resource().Is<v1::Pledge>()) {
    v1::Pledge pledge;
    if (principal.role != v1::ROLE_PUBLIC || !out->resource().UnpackTo(&pledge)) return;
    RedactPledgeFor(principal, &pledge);
    out->mutable_resource()->PackFrom(pledge);
    return;
  }
  if (!out->resource().Is<v1::Merchant>()) return;
  v1::Merchant merchant;
  if (!out->resource().UnpackTo(&merchant)) return;
  Target target;
  target.division = merchant.division();
  target.merchant = merchant.name();
  if (CanSeeContact(principal, target)) return;
  RedactForPublic(&merchant);
  out->mutable_resource()->PackFrom(merchant);
}

void FeedCore::FillResponse(const Principal& principal, const storage::EventBatch& batch,
                            v1::WatchEventsResponse* response) const {
  response->Clear();
  response->mutable_events()->Reserve(static_cast<int>(batch.events.size()));
  for (const v1::Event* event : batch.events) {
    if (Visible(principal, *event)) CopyRedacted(principal, *event, response->add_events());
  }
  response->set_progress_revision(batch.progress_revision);
}

void FeedCore::FillResponseBytes(const Principal& principal, storage::EventBatch batch,
                                 WatchResponseBytes* response) const {
  response->events.clear();
  response->owned.clear();
  response->events.reserve(batch.events.size());
  v1::Event redacted;
  std::string serialized;
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const v1::Event& event = *batch.events[i];
    if (!Visible(principal, event)) continue;
    const absl::string_view committed =
        i < batch.framed.size() ? batch.framed[i] : absl::string_view();
    if (!committed.empty() && NeverRedacted(principal, event)) {
      response->events.push_back(committed);
      continue;
    }
    CopyRedacted(principal, event, &redacted);
    redacted.SerializeToString(&serialized);
    std::string& framed = response->owned.emplace_back();
    storage::AppendFramedEvent(serialized, &framed);
    response->events.push_back(framed);
  }
  response->progress_revision = batch.progress_revision;
  response->holds = std::move(batch.holds);
}

absl::StatusOr<v1::ListEventsResponse> FeedCore::ListEvents(const Principal& principal,
                                                            const v1::ListEventsRequest& request) {
  RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic, Target{}));
  FieldViolations violations;
  if (request.from_revision() < 0) violations.Add("from_revision", "must not be negative");
  const int page_size = ValidatePageSize(request.page_size(), &violations);
  storage::WatchFilter filter = ParseFilter(request.filter(), "filter", &violations);
  int64_t next = request.from_revision();
  if (!request.page_token().empty()) {
    absl::StatusOr<storage::v1::PageTokenPayload> token =
        tokens_->Decode(request.page_token(), FilterDigest(request));
    if (!token.ok()) {
      for (const FieldViolation& v : FieldViolationsOf(token.status())) {
        violations.Add(v.field, v.description);
      }
    } else if (!absl::SimpleAtoi(token->last_key(), &next)) {
      violations.Add("page_token", "is malformed or was not issued by this server");
    }
  }
  RETURN_IF_ERROR(violations.ToStatus());

  v1::ListEventsResponse response;
  response.set_read_revision(registry_->CurrentRevision());
  if (next <= 0) next = registry_->OldestRevision();
  int examined = 0;
  bool done = false;
  // Whole commits until the page is full, the history ends or the examination bound is hit.
  while (response.events_size() < page_size && examined < kListMaxExaminedCommits) {
    ASSIGN_OR_RETURN(std::vector<v1::Event> events,
                     registry_->ReadEvents(next, kListChunkCommits));
    if (events.empty()) {
      done = true;
      break;
    }
    size_t i = 0;
    while (i < events.size() && response.events_size() < page_size) {
      const int64_t revision = events[i].revision();
      for (; i < events.size() && events[i].revision() == revision; ++i) {
        // Scopes are worked out only when the filter needs them.
        if (Visible(principal, events[i]) &&
            filter.Matches(events[i],
                           filter.scopes.empty() ? kNoScopes : ScopesOf(events[i]))) {
          CopyRedacted(principal, events[i], response.add_events());
        }
      }
      next = revision + 1;
      ++examined;
    }
  }
  response.set_oldest_revision(registry_->OldestRevision());
  if (!done && next <= registry_->CurrentRevision()) {
    storage::v1::PageTokenPayload payload;
    payload.set_filter_digest(FilterDigest(request));
    payload.set_last_key(absl::StrCat(next));
    payload.set_read_revision(response.read_revision());
    response.set_next_page_token(tokens_->Encode(payload));
  }
  return response;
}

absl::StatusOr<v1::Coverage> FeedCore::GetCoverage(const Principal& principal,
                                                   const v1::GetCoverageRequest& request) {
  RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic, Target{}));
  std::vector<std::string> scopes = {request.name()};
  bool city = false;
  if (absl::StartsWith(request.name(), "divisions/")) {
    const v1::Division* division = divisions_->Find(request.name());
    if (division == nullptr) return NotFoundError("divisions", request.name());
    city = division->level() == v1::DIVISION_LEVEL_CITY;
    if (city) {
      // Every county and township of the city: main-urban totals need the finest flag known
      // for each store (see below).
      for (const v1::Division* county : divisions_->Children(request.name())) {
        scopes.push_back(county->name());
        for (const v1::Division* township : divisions_->Children(county->name())) {
          scopes.push_back(township->name());
        }
      }
    }
  } else if (absl::StartsWith(request.name(), "areas/")) {
    if (!ParseAreaName(request.name()).ok()) return InvalidFieldError("name", "is not an area name");
    ASSIGN_OR_RETURN(auto area, registry_->Get(request.name()));
    (void)area;
  } else {
    return InvalidFieldError("name", "must be divisions/{code} or areas/{id}");
  }
  int64_t read_revision = 0;
  ASSIGN_OR_RETURN(std::vector<storage::CounterValues> counters,
                   registry_->ReadCounters(scopes, &read_revision));
  v1::Coverage coverage;
  coverage.set_name(request.name());
  coverage.set_open_stores(Metric(counters[0], coverage::kOpenStores));
  coverage.set_pledged_stores(Metric(counters[0], coverage::kPledgedStores));
  coverage.set_coverage_ratio(Ratio(coverage.pledged_stores(), coverage.open_stores()));
  if (city) {
    // A store is main-urban when its township is flagged so, or, for a store placed in no
    // township, when its county is (a rural town inside a main-urban district is not main-urban;
    // fangxin-map applies the same rule). Stores without a township are the county's count minus
    // its townships' counts.
    int64_t open = 0, pledged = 0;
    size_t i = 1;
    while (i < counters.size()) {
      const v1::Division* county = divisions_->Find(scopes[i]);
      int64_t county_open = Metric(counters[i], coverage::kOpenStores);
      int64_t county_pledged = Metric(counters[i], coverage::kPledgedStores);
      ++i;
      while (i < counters.size() && divisions_->IsTownshipOf(scopes[i], county->name())) {
        const int64_t t_open = Metric(counters[i], coverage::kOpenStores);
        const int64_t t_pledged = Metric(counters[i], coverage::kPledgedStores);
        county_open -= t_open;
        county_pledged -= t_pledged;
        if (divisions_->Find(scopes[i])->main_urban()) {
          open += t_open;
          pledged += t_pledged;
        }
        ++i;
      }
      if (county->main_urban()) {
        open += county_open;
        pledged += county_pledged;
      }
    }
    coverage.set_main_urban_open_stores(open);
    coverage.set_main_urban_pledged_stores(pledged);
    coverage.set_main_urban_coverage_ratio(Ratio(pledged, open));
  }
  for (const auto& [metric, count] : counters[0].metrics) {
    if (!absl::StartsWith(metric, coverage::kCertifiedPrefix)) continue;
    // certified/<category>/<level>
    const std::string rest = metric.substr(sizeof(coverage::kCertifiedPrefix) - 1);
    const size_t slash = rest.find('/');
    v1::CertifiedCount* certified = coverage.add_certified();
    certified->set_category(rest.substr(0, slash));
    if (slash != std::string::npos) certified->set_level(rest.substr(slash + 1));
    certified->set_count(count);
  }
  coverage.set_read_revision(read_revision);
  return coverage;
}

}  // namespace fangxin
