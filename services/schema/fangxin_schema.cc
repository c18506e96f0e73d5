#include "services/schema/fangxin_schema.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "fangxin/v1/certification.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "services/certification/certification_keys.h"
#include "services/compliance/compliance_keys.h"
#include "services/pledge/pledge_keys.h"
#include "services/schema/coverage_counters.h"

namespace fangxin {
namespace {

using storage::IndexEntry;
namespace v1 = ::fangxin::v1;

// "divisions/320902" -> "320902"; "areas/wanda" -> "wanda"; "" -> "".
std::string LastSegment(const std::string& name) {
  size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

void AddIfSet(std::vector<IndexEntry>* out, const char* index, const std::string& name) {
  if (!name.empty()) out->push_back({index, LastSegment(name), false});
}

std::vector<IndexEntry> DivisionIndexes(const google::protobuf::Message& m) {
  const auto& d = static_cast<const v1::Division&>(m);
  std::vector<IndexEntry> out;
  AddIfSet(&out, index::kParent, d.parent());
  out.push_back({index::kLevel, absl::StrCat(static_cast<int>(d.level())), false});
  return out;
}

std::vector<IndexEntry> MerchantIndexes(const google::protobuf::Message& m) {
  const auto& merchant = static_cast<const v1::Merchant&>(m);
  std::vector<IndexEntry> out;
  AddIfSet(&out, index::kDivision, merchant.division());
  return out;
}

std::vector<IndexEntry> StoreIndexes(const google::protobuf::Message& m) {
  const auto& store = static_cast<const v1::Store&>(m);
  std::vector<IndexEntry> out;
  AddIfSet(&out, index::kDivision, store.division());
  AddIfSet(&out, index::kTownship, store.township());
  AddIfSet(&out, index::kArea, store.area());
  return out;
}

std::vector<IndexEntry> AreaIndexes(const google::protobuf::Message& m) {
  const auto& area = static_cast<const v1::Area&>(m);
  std::vector<IndexEntry> out;
  AddIfSet(&out, index::kDivision, area.division());
  AddIfSet(&out, index::kTownship, area.township());
  return out;
}

std::vector<IndexEntry> NoIndexes(const google::protobuf::Message&) { return {}; }

// A client certificate stands for at most one key.
std::vector<IndexEntry> ApiKeyIndexes(const google::protobuf::Message& m) {
  const auto& key = static_cast<const v1::ApiKey&>(m);
  if (key.client_certificate_name().empty()) return {};
  return {{index::kClientCertificate, key.client_certificate_name(), true}};
}

std::vector<IndexEntry> PledgeIndexes(const google::protobuf::Message& m) {
  return pledge_index::PledgeIndexEntries(static_cast<const v1::Pledge&>(m));
}

// Adapts a function of one resource type to the schema's Message hooks.
template <typename T, typename R>
std::function<R(const google::protobuf::Message&)> Typed(R (*f)(const T&)) {
  return [f](const google::protobuf::Message& m) { return f(static_cast<const T&>(m)); };
}

storage::Schema* BuildSchema() {
  auto* schema = new storage::Schema();
  // Registration of a fixed list cannot fail; a duplicate would be a programming error caught by
  // the schema test.
  (void)schema->Register({"divisions", &v1::Division::default_instance(), DivisionIndexes});
  (void)schema->Register({"merchants", &v1::Merchant::default_instance(), MerchantIndexes,
                          Typed(coverage::MerchantScopes)});
  (void)schema->Register({"stores", &v1::Store::default_instance(), StoreIndexes,
                          Typed(coverage::StoreScopes), Typed(coverage::StoreCounters)});
  (void)schema->Register({"areas", &v1::Area::default_instance(), AreaIndexes,
                          Typed(coverage::AreaScopes)});
  (void)schema->Register({"apiKeys", &v1::ApiKey::default_instance(), ApiKeyIndexes});
  (void)schema->Register({pledge_index::kCollection, &v1::Pledge::default_instance(),
                          PledgeIndexes, Typed(coverage::PledgeScopes),
                          Typed(coverage::PledgeCounters)});
  (void)schema->Register({compliance_index::kComplaints, &v1::Complaint::default_instance(),
                          Typed(compliance_index::ComplaintIndexEntries)});
  (void)schema->Register({compliance_index::kSpotCheckPlans,
                          &v1::SpotCheckPlan::default_instance(), NoIndexes});
  (void)schema->Register({compliance_index::kInspections, &v1::Inspection::default_instance(),
                          Typed(compliance_index::InspectionIndexEntries)});
  (void)schema->Register({compliance_index::kViolations, &v1::Violation::default_instance(),
                          Typed(compliance_index::ViolationIndexEntries)});
  (void)schema->Register({cert_index::kProgrammes, &v1::Programme::default_instance(),
                          Typed(cert_index::ProgrammeIndexEntries)});
  (void)schema->Register({cert_index::kProgrammeVersions, &v1::Programme::default_instance(),
                          NoIndexes});
  (void)schema->Register({cert_index::kApplications, &v1::Application::default_instance(),
                          Typed(cert_index::ApplicationIndexEntries)});
  (void)schema->Register({cert_index::kCertificates, &v1::Certificate::default_instance(),
                          Typed(cert_index::CertificateIndexEntries),
                          Typed(coverage::CertificateScopes),
                          Typed(coverage::CertificateCounters)});
  (void)schema->Register({cert_index::kSequences,
                          &v1::CertificateSequence::default_instance(), NoIndexes});
  return schema;
}

}  // namespace

const storage::Schema& FangxinSchema() {
  static const storage::Schema* const schema = BuildSchema();
  return *schema;
}

}  // namespace fangxin
