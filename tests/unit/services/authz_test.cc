#include "services/common/authz.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

constexpr char kUscc[] = "91110000600037341L";
constexpr char kOtherUscc[] = "914403001922038216";

// The principals the table is checked against: every role, and the three shapes of regulator.
enum Who {
  kAdmin,
  kCityRegulator,      // No scopes.
  kDistrictRegulator,  // divisions/320902 (亭湖区)
  kTownRegulator,      // divisions/320902052 (新河街道, in 亭湖区)
  kAreaManager,        // areas/wanda
  kMerchant,           // merchants/91110000600037341L
  kCitySystem,
  kPublic,
  kUnspecified,
  kWhoCount
};

Principal MakePrincipal(Who who) {
  switch (who) {
    case kAdmin:
      return {"apiKeys/admin", v1::ROLE_ADMIN, {}};
    case kCityRegulator:
      return {"apiKeys/city-reg", v1::ROLE_REGULATOR, {}};
    case kDistrictRegulator:
      return {"apiKeys/reg", v1::ROLE_REGULATOR, {"divisions/320902"}};
    case kTownRegulator:
      return {"apiKeys/town-reg", v1::ROLE_REGULATOR, {"divisions/320902052"}};
    case kAreaManager:
      return {"apiKeys/am", v1::ROLE_AREA_MANAGER, {"areas/wanda"}};
    case kMerchant:
      return {"apiKeys/m", v1::ROLE_MERCHANT, {std::string("merchants/") + kUscc}};
    case kCitySystem:
      return {"apiKeys/12315", v1::ROLE_CITY_SYSTEM, {}};
    case kPublic:
      return {"apiKeys/web", v1::ROLE_PUBLIC, {}};
    default:
      return {"apiKeys/none", v1::ROLE_UNSPECIFIED, {}};
  }
}

// Inside every scoped principal's scope...
Target InScopeTarget() {
  return {"divisions/320902", "divisions/320902052", "areas/wanda",
          std::string("merchants/") + kUscc};
}
// ...and outside every one of them.
Target OutOfScopeTarget() {
  return {"divisions/320903", "divisions/320903050", "areas/other",
          std::string("merchants/") + kOtherUscc};
}

// The expected policy, written out independently of kAuthzTable. Each cell is two letters: the
// answer for a target in the principal's scope, then for one outside it.
//   A = allowed, S = PERMISSION_DENIED OUT_OF_SCOPE, R = PERMISSION_DENIED ROLE_NOT_ALLOWED.
struct Row {
  Action action;
  const char* cells[kWhoCount];
};
// clang-format off
const Row kExpected[] = {
    //                        admin city-reg dist-reg town-reg area-mgr merchant city-sys public unspec
    {Action::kReadPublic,     {"AA", "AA",   "AA",    "AA",    "AA",    "AA",    "AA",    "AA",  "RR"}},
    {Action::kCreateMerchant, {"AA", "AA",   "AS",    "AS",    "AA",    "AS",    "RR",    "RR",  "RR"}},
    {Action::kUpdateMerchant, {"AA", "AA",   "AS",    "AS",    "RR",    "AS",    "RR",    "RR",  "RR"}},
    {Action::kCloseMerchant,  {"AA", "AA",   "AS",    "AS",    "RR",    "AS",    "AA",    "RR",  "RR"}},
    {Action::kWriteStore,     {"AA", "AA",   "AS",    "AS",    "AS",    "AS",    "RR",    "RR",  "RR"}},
    {Action::kCreateArea,     {"AA", "AA",   "AS",    "AS",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kUpdateArea,     {"AA", "AA",   "AS",    "AS",    "AS",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kManageKeys,     {"AA", "RR",   "RR",    "RR",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kFilePledge,     {"AA", "RR",   "RR",    "RR",    "AS",    "AS",    "RR",    "RR",  "RR"}},
    {Action::kRegulatePledge, {"AA", "AA",   "AS",    "AS",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kIngestComplaint, {"AA", "RR",  "RR",    "RR",    "RR",    "RR",    "AA",    "RR",  "RR"}},
    {Action::kReadComplaint,  {"AA", "AA",   "AS",    "AS",    "AS",    "AS",    "AA",    "RR",  "RR"}},
    {Action::kInspect,        {"AA", "AA",   "AS",    "AS",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kReadCompliance, {"AA", "AA",   "AS",    "AS",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kVerifyAudit,    {"AA", "AA",   "AA",    "AA",    "AA",    "AA",    "AA",    "AA",  "RR"}},
    {Action::kReadAudit,      {"AA", "AA",   "AA",    "AA",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kManageProgrammes, {"AA", "AA", "AS",    "AS",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kApplyForCertification, {"AA", "AA", "AS", "AS",  "AS",    "AS",    "RR",    "RR",  "RR"}},
    {Action::kReviewCertification, {"AA", "AA", "AS",  "AS",    "RR",    "RR",    "RR",    "RR",  "RR"}},
    {Action::kObjectToCertification, {"AA", "AA", "AA", "AA",  "AA",    "AA",    "AA",    "AA",  "RR"}},
    {Action::kReadCertification, {"AA", "AA", "AS",   "AS",    "AS",    "AS",    "AA",    "RR",  "RR"}},
    {Action::kImportCertificate, {"AA", "RR", "RR",   "RR",    "RR",    "RR",    "RR",    "RR",  "RR"}},
};
// clang-format on

void ExpectOutcome(const absl::Status& status, char expected, const std::string& context) {
  switch (expected) {
    case 'A':
      EXPECT_TRUE(status.ok()) << context << ": " << status;
      break;
    case 'S':
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << context;
      EXPECT_EQ(ErrorReasonOf(status), "OUT_OF_SCOPE") << context << ": " << status;
      break;
    case 'R':
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << context;
      EXPECT_EQ(ErrorReasonOf(status), "ROLE_NOT_ALLOWED") << context << ": " << status;
      break;
    default:
      FAIL() << "bad expectation " << expected;
  }
}

TEST(AuthorizeTest, EveryActionRoleAndScope) {
  ASSERT_EQ(std::size(kExpected), std::size(kAuthzTable)) << "a new action needs a row here";
  int checked = 0;
  for (const Row& row : kExpected) {
    for (int w = 0; w < kWhoCount; ++w) {
      Principal p = MakePrincipal(static_cast<Who>(w));
      std::string context = std::string(ActionId(row.action)) + " by " + p.name;
      ExpectOutcome(Authorize(p, row.action, InScopeTarget()), row.cells[w][0],
                    context + " in scope");
      ExpectOutcome(Authorize(p, row.action, OutOfScopeTarget()), row.cells[w][1],
                    context + " out of scope");
      checked += 2;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(std::size(kExpected)) * kWhoCount * 2);
}

// A district regulator's scope matches on the county, a township regulator's on the township:
// the township regulator may not act elsewhere in the same county.
TEST(AuthorizeTest, RegulatorScopeMatchesDivisionOrTownship) {
  Principal district = MakePrincipal(kDistrictRegulator);
  Principal town = MakePrincipal(kTownRegulator);
  Target same_county_other_town = {"divisions/320902", "divisions/320902050", "", ""};
  Target county_only = {"divisions/320902", "", "", ""};
  EXPECT_TRUE(Authorize(district, Action::kWriteStore, same_county_other_town).ok());
  EXPECT_TRUE(Authorize(district, Action::kCreateArea, county_only).ok());
  EXPECT_EQ(ErrorReasonOf(Authorize(town, Action::kWriteStore, same_county_other_town)),
            "OUT_OF_SCOPE");
  EXPECT_EQ(ErrorReasonOf(Authorize(town, Action::kWriteStore, county_only)), "OUT_OF_SCOPE");
}

TEST(AuthorizeTest, EmptyTargetNeverMatchesAScope) {
  Principal bad = {"apiKeys/bad", v1::ROLE_AREA_MANAGER, {""}};  // A malformed empty scope.
  EXPECT_EQ(ErrorReasonOf(Authorize(bad, Action::kWriteStore, Target())), "OUT_OF_SCOPE");
  EXPECT_EQ(ErrorReasonOf(Authorize(MakePrincipal(kMerchant), Action::kWriteStore, Target())),
            "OUT_OF_SCOPE");
}

std::map<std::string, std::string> MetadataOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  auto payload = status.GetPayload(kErrorInfoUrl);
  if (payload) info.ParseFromString(std::string(*payload));
  EXPECT_EQ(info.domain(), "fangxin.v1");
  return {info.metadata().begin(), info.metadata().end()};
}

TEST(AuthorizeTest, MessagesNameTheRoleOrTheMissingScope) {
  absl::Status keys = Authorize(MakePrincipal(kCityRegulator), Action::kManageKeys, Target());
  EXPECT_EQ(keys.message(), "role REGULATOR may not manage keys");
  EXPECT_EQ(MetadataOf(keys), (std::map<std::string, std::string>{{"principal", "apiKeys/city-reg"},
                                                                  {"role", "REGULATOR"},
                                                                  {"action", "MANAGE_KEYS"}}));

  absl::Status store =
      Authorize(MakePrincipal(kAreaManager), Action::kWriteStore, OutOfScopeTarget());
  EXPECT_EQ(store.message(),
            "apiKeys/am (role AREA_MANAGER) needs scope areas/other to write "
            "stores");
  EXPECT_EQ(MetadataOf(store)["required_scopes"], "areas/other");

  absl::Status merchant =
      Authorize(MakePrincipal(kDistrictRegulator), Action::kUpdateMerchant, OutOfScopeTarget());
  EXPECT_EQ(merchant.message(),
            "apiKeys/reg (role REGULATOR) needs scope divisions/320903 or "
            "divisions/320903050 to update merchants");
  EXPECT_EQ(MetadataOf(merchant)["required_scopes"], "divisions/320903,divisions/320903050");

  absl::Status none = Authorize(MakePrincipal(kAreaManager), Action::kWriteStore, Target());
  EXPECT_EQ(none.message(),
            "apiKeys/am (role AREA_MANAGER) needs a scope matching the target "
            "to write stores, and the target names no areas/{area_id}");

  EXPECT_EQ(Authorize(MakePrincipal(kPublic), Action::kCloseMerchant, Target()).message(),
            "role PUBLIC may not close merchants");
  EXPECT_EQ(Authorize(MakePrincipal(kUnspecified), Action::kReadPublic, Target()).message(),
            "role UNSPECIFIED may not read public data");
}

TEST(CanSeeContactTest, EveryRoleAndScope) {
  // In scope, then out of scope; Y = may see the contact.
  const std::map<Who, std::string> expected = {
      {kAdmin, "YY"},         {kCityRegulator, "YY"}, {kDistrictRegulator, "YN"},
      {kTownRegulator, "YN"}, {kAreaManager, "NN"},   {kMerchant, "YN"},
      {kCitySystem, "YY"},    {kPublic, "NN"},        {kUnspecified, "NN"},
  };
  ASSERT_EQ(expected.size(), static_cast<size_t>(kWhoCount));
  for (const auto& [who, cells] : expected) {
    Principal p = MakePrincipal(who);
    EXPECT_EQ(CanSeeContact(p, InScopeTarget()), cells[0] == 'Y') << p.name;
    EXPECT_EQ(CanSeeContact(p, OutOfScopeTarget()), cells[1] == 'Y') << p.name;
  }
}

TEST(RedactForPublicTest, ClearsContactOnly) {
  v1::Merchant m;
  m.set_uscc(kUscc);
  m.set_legal_name("某某商贸有限公司");
  m.mutable_contact()->set_phone("0515-88888888");
  m.mutable_contact()->set_email("shop@example.com");
  RedactForPublic(&m);
  EXPECT_FALSE(m.has_contact());
  EXPECT_EQ(m.uscc(), kUscc);
  EXPECT_EQ(m.legal_name(), "某某商贸有限公司");
}

TEST(NamesForMessagesTest, RoleAndActionNames) {
  EXPECT_EQ(RoleName(v1::ROLE_AREA_MANAGER), "AREA_MANAGER");
  EXPECT_EQ(RoleName(v1::ROLE_UNSPECIFIED), "UNSPECIFIED");
  EXPECT_EQ(RoleName(static_cast<v1::Role>(99)), "UNKNOWN(99)");
  EXPECT_EQ(ActionId(Action::kWriteStore), "WRITE_STORE");
  EXPECT_EQ(ActionDescription(Action::kManageKeys), "manage keys");
  EXPECT_EQ(GrantFor(static_cast<v1::Role>(99), Action::kReadPublic), Grant::kNever);
}

}  // namespace
}  // namespace fangxin
