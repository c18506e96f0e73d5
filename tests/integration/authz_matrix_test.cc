// Every RPC x every role x in and out of scope, through the real server, against kAuthzTable
// (services/common/authz.h), which is the documentation of who may do what. For each cell the
// expectation is computed, never written down: GrantFor(role, action) gives kNever (refused,
// ROLE_NOT_ALLOWED), kAlways (allowed) or kInScope, which the scope rule as authz.h documents it
// (DocumentedInScope below) turns into allowed or OUT_OF_SCOPE for the target the call touches.
//
// Every call is one the server would otherwise accept: each write gets fresh resources created
// as admin just before it, with their current etags, so an allowed cell must come back OK and a
// refused one must come back PERMISSION_DENIED with the table's reason.
//
// Two places: "in scope" (亭湖区 320902, 五星街道, area matrix-in, merchant M_in) holds everything
// the scoped callers' keys name; "out of scope" (盐都区 320903, 张庄街道, area matrix-out, merchant
// M_out) differs in every field a scope could match: division, township, area and merchant.

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/sdk/audit_client.h"
#include "clients/sdk/certification_client.h"
#include "clients/sdk/compliance_client.h"
#include "clients/sdk/event_client.h"
#include "clients/sdk/pledge_client.h"
#include "common/errors.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/field_mask.pb.h"
#include "gtest/gtest.h"
#include "services/common/authz.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

constexpr char kRoleNotAllowed[] = "ROLE_NOT_ALLOWED";
constexpr char kOutOfScope[] = "OUT_OF_SCOPE";

google::protobuf::FieldMask Mask(const char* path) {
  google::protobuf::FieldMask mask;
  mask.add_paths(path);
  return mask;
}

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

// A fresh Ed25519 private key in PEM, so GetCheckpoint has a key to sign with.
std::string NewSigningKeyPem() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

// The scope rule for Grant::kInScope, as authz.h documents it, written out again here so the
// expectation does not come from the code under test.
bool DocumentedInScope(v1::Role role, const std::vector<std::string>& scopes,
                       const Target& target) {
  auto has = [&scopes](const std::string& resource) {
    return !resource.empty() && std::find(scopes.begin(), scopes.end(), resource) != scopes.end();
  };
  switch (role) {
    case v1::ROLE_REGULATOR:
      return scopes.empty() || has(target.division) || has(target.township);
    case v1::ROLE_AREA_MANAGER:
      return has(target.area);
    case v1::ROLE_MERCHANT:
      return has(target.merchant);
    default:
      return false;
  }
}

// "" for allowed, else the ErrorInfo reason the refusal must carry.
std::string ExpectedReason(v1::Role role, const std::vector<std::string>& scopes, Action action,
                           const Target& target) {
  switch (GrantFor(role, action)) {
    case Grant::kAlways:
      return "";
    case Grant::kNever:
      return kRoleNotAllowed;
    case Grant::kInScope:
      return DocumentedInScope(role, scopes, target) ? "" : kOutOfScope;
  }
  return "?";
}

// Where a call is made: everything a target can name.
struct Place {
  std::string label;     // "in scope" / "out of scope"
  std::string county;    // "320902"
  std::string division;  // "divisions/320902"
  std::string township;  // "divisions/320902001"
  std::string area;      // "areas/matrix-in"
  std::string merchant;  // "merchants/{uscc}", created in SetUp
  std::string address;
  double latitude = 0;
  double longitude = 0;
  // Standing resources for the reads, created in SetUp.
  std::string store;
  std::string pledge;
  // Certification: an application UNDER_REVIEW for `store`, and a certificate of another store.
  std::string application;
  std::string certificate;
};

// One key, and a client of every service over it.
struct Caller {
  std::string label;  // "REGULATOR [divisions/320902]"
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::vector<std::string> scopes;
  sdk::Client client;
  sdk::AuditClient audit;
  sdk::PledgeClient pledges;
  sdk::EventClient events;
  sdk::ComplianceClient compliance;
  sdk::CertificationClient cert;
};

// What one call did: the target it touched (as the services name it, see targets.cc and
// PledgeTarget), the scopes of the key that made it, and the answer.
struct Attempt {
  Target target;
  std::vector<std::string> scopes;
  absl::Status status;
};

class AuthzMatrixTest;
using RpcCall = std::function<Attempt(AuthzMatrixTest&, Caller&, const Place&)>;

struct Rpc {
  std::string method;
  Action action;
  RpcCall call;
  // A listing that filters rather than refuses: a role the table never grants the action is
  // refused (ROLE_NOT_ALLOWED), any other gets OK with only the items in its scope, so an
  // out-of-scope place means fewer items, not a refusal.
  bool filters = false;
};

class AuthzMatrixTest : public ServerTest {
 protected:
  void ConfigureServer(Server::Options* options) override {
    const std::string key_path = dir_.path() + "/audit-signing.pem";  // Outside the data dir.
    std::ofstream(key_path) << NewSigningKeyPem();
    options->audit_signing_key_file = key_path;
  }

  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    sdk::ClientOptions options = Options(admin_token_);
    admin_pledges_ = std::make_unique<sdk::PledgeClient>(*sdk::MakePledgeConnection(options));
    admin_compliance_ =
        std::make_unique<sdk::ComplianceClient>(*sdk::MakeComplianceConnection(options));
    admin_cert_ =
        std::make_unique<sdk::CertificationClient>(*sdk::MakeCertificationConnection(options));
    auto programme = admin_cert_->CreateProgramme(ProgrammeToCreate(), "matrix");
    ASSERT_TRUE(programme.ok()) << programme.status();

    in_ = Place{"in scope",        "320902", "divisions/320902",        "divisions/320902001",
                "areas/matrix-in", "",       "盐城市亭湖区解放南路1号", 33.3853,
                120.1310};
    out_ = Place{"out of scope",
                 "320903",
                 "divisions/320903",
                 "divisions/320903002",
                 "areas/matrix-out",
                 "",
                 "盐城市盐都区盐都大道1号",
                 33.3427,
                 120.1347};
    for (Place* place : {&in_, &out_}) {
      auto area = admin_->CreateArea(AreaAt(*place), place->area.substr(strlen("areas/")));
      ASSERT_TRUE(area.ok()) << place->label << ": " << area.status();
      place->merchant = FreshMerchant(*place);
      ASSERT_FALSE(place->merchant.empty());
      v1::Pledge pledge = FreshPledge(*place, /*activate=*/true);
      ASSERT_FALSE(pledge.name().empty());
      place->store = pledge.store();
      place->pledge = pledge.name();
      place->application = FreshApplication(*place, place->store).name();
      place->certificate = FreshCertificate(*place).name();
      ASSERT_FALSE(place->application.empty() || place->certificate.empty());
    }

    callers_.push_back(CallerFor(v1::ROLE_ADMIN, {}, "ADMIN"));
    callers_.push_back(CallerFor(v1::ROLE_REGULATOR, {}, "REGULATOR [city-wide]"));
    callers_.push_back(CallerFor(v1::ROLE_REGULATOR, {in_.division}, ""));
    callers_.push_back(CallerFor(v1::ROLE_AREA_MANAGER, {in_.area}, ""));
    callers_.push_back(CallerFor(v1::ROLE_MERCHANT, {in_.merchant}, ""));
    callers_.push_back(CallerFor(v1::ROLE_CITY_SYSTEM, {}, "CITY_SYSTEM"));
    callers_.push_back(CallerFor(v1::ROLE_PUBLIC, {}, "PUBLIC"));
  }

  void TearDown() override {
    callers_.clear();
    admin_pledges_.reset();
    admin_compliance_.reset();
    admin_cert_.reset();
    ServerTest::TearDown();
  }

  sdk::ClientOptions Options(const std::string& token) const {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = token;
    options.timeout = absl::Seconds(5);
    return options;
  }

  Caller CallerWithToken(v1::Role role, std::vector<std::string> scopes, std::string label,
                         const std::string& token) {
    if (label.empty()) {
      label = absl::StrCat(RoleName(role), " [", absl::StrJoin(scopes, ","), "]");
    }
    sdk::ClientOptions options = Options(token);
    auto events = sdk::EventClient::Make(options);
    EXPECT_TRUE(events.ok()) << events.status();
    return Caller{std::move(label),
                  role,
                  std::move(scopes),
                  ClientWithToken(token),
                  sdk::AuditClient(*sdk::MakeAuditConnection(options)),
                  sdk::PledgeClient(*sdk::MakePledgeConnection(options)),
                  *std::move(events),
                  sdk::ComplianceClient(*sdk::MakeComplianceConnection(options)),
                  sdk::CertificationClient(*sdk::MakeCertificationConnection(options))};
  }

  // A key of `role` with `scopes`, made by the admin.
  Caller CallerFor(v1::Role role, std::vector<std::string> scopes, std::string label) {
    if (role == v1::ROLE_ADMIN) {
      return CallerWithToken(role, std::move(scopes), std::move(label), admin_token_);
    }
    v1::ApiKey key;
    key.set_display_name(absl::StrCat("matrix ", RoleName(role)));
    key.set_role(role);
    for (const std::string& s : scopes) key.add_scopes(s);
    auto created = admin_->CreateKey(key);
    EXPECT_TRUE(created.ok()) << RoleName(role) << ": " << created.status();
    return CallerWithToken(role, std::move(scopes), std::move(label),
                           created.ok() ? created->token() : "");
  }

  // For a write that must name a fresh merchant (create, close): a merchant caller is re-keyed to
  // hold that merchant's scope when the call is to be in scope; every other caller is kept.
  Caller ForFreshMerchant(const Caller& caller, const Place& place, const std::string& merchant) {
    if (caller.role != v1::ROLE_MERCHANT || &place != &in_) return caller;
    return CallerFor(v1::ROLE_MERCHANT, {merchant}, "");
  }

  // --- Resources, created as admin -----------------------------------------------------------

  int Next() { return next_++; }

  v1::Merchant MerchantAt(const Place& place, int n) const {
    v1::Merchant m = NewMerchant(n);
    m.set_uscc(Uscc(n, place.county));
    m.set_division(place.division);
    return m;
  }

  v1::Store StoreAt(const Place& place) {
    v1::Store s = NewStore(absl::StrCat("矩阵店", Next()));
    s.set_address(place.address);
    s.set_division(place.division);
    s.set_township(place.township);
    s.set_area(place.area);
    s.mutable_location()->set_latitude(place.latitude);
    s.mutable_location()->set_longitude(place.longitude);
    return s;
  }

  v1::Area AreaAt(const Place& place) const {
    v1::Area area;
    area.set_display_name(absl::StrCat("矩阵商圈 ", place.county));
    area.set_kind(v1::AREA_KIND_STREET_DISTRICT);
    area.set_division(place.division);
    area.mutable_center()->set_latitude(place.latitude);
    area.mutable_center()->set_longitude(place.longitude);
    return area;
  }

  v1::Pledge PledgeFor(const std::string& store) const {
    v1::Pledge p;
    p.set_store(store);
    p.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
    auto* terms = p.mutable_no_reason_return();
    terms->set_refund_method(v1::REFUND_METHOD_ORIGINAL_PAYMENT);
    terms->add_conditions("商品完好，凭购物小票");
    const absl::Time now = absl::Now();
    *p.mutable_valid_from() = Ts(now);
    *p.mutable_valid_until() = Ts(now + absl::Hours(24 * 365));
    return p;
  }

  std::string FreshMerchant(const Place& place) {
    auto created = admin_->CreateMerchant(MerchantAt(place, Next()));
    EXPECT_TRUE(created.ok()) << "setup: " << created.status();
    return created.ok() ? created->name() : "";
  }

  v1::Store FreshStore(const Place& place) {
    auto created = admin_->CreateStore(place.merchant, StoreAt(place));
    EXPECT_TRUE(created.ok()) << "setup: " << created.status();
    return created.ok() ? *created : v1::Store();
  }

  // A pledge on a fresh store of `place`: a draft, or active.
  v1::Pledge FreshPledge(const Place& place, bool activate) {
    auto created = admin_pledges_->CreatePledge(PledgeFor(FreshStore(place).name()));
    EXPECT_TRUE(created.ok()) << "setup: " << created.status();
    if (!created.ok() || !activate) return created.ok() ? *created : v1::Pledge();
    auto active = admin_pledges_->ActivatePledge(created->name(), created->etag());
    EXPECT_TRUE(active.ok()) << "setup: " << active.status();
    return active.ok() ? *active : v1::Pledge();
  }

  // A complaint about the standing store of `place`, pushed as admin (a fresh external id).
  v1::IngestComplaintRequest ComplaintAt(const Place& place) {
    v1::IngestComplaintRequest request;
    request.mutable_complaint()->set_source(v1::COMPLAINT_SOURCE_12315);
    request.mutable_complaint()->set_external_id(absl::StrCat("matrix-", Next()));
    request.mutable_complaint()->set_store(place.store);
    request.mutable_complaint()->set_category(v1::COMPLAINT_CATEGORY_RETURN_REFUSED);
    request.mutable_complaint()->set_pledge_related(true);
    *request.mutable_complaint()->mutable_receive_time() = Ts(absl::Now() - absl::Minutes(5));
    return request;
  }
  v1::Complaint FreshComplaint(const Place& place) {
    auto made = admin_compliance_->IngestComplaint(ComplaintAt(place));
    EXPECT_TRUE(made.ok()) << "setup: " << made.status();
    return made.ok() ? *made : v1::Complaint();
  }

  // A spot-check plan over the county of `place` (its active pledges are the candidates).
  static v1::SpotCheckPlan PlanAt(const Place& place) {
    v1::SpotCheckPlan plan;
    plan.set_division(place.division);
    plan.set_sample_size(1);
    plan.add_inspectors("执法证320902001");
    return plan;
  }
  v1::SpotCheckPlan FreshPlan(const Place& place) {
    auto made = admin_compliance_->CreateSpotCheckPlan(PlanAt(place));
    EXPECT_TRUE(made.ok()) << "setup: " << made.status();
    return made.ok() ? *made : v1::SpotCheckPlan();
  }

  // --- Certification, as admin: one city-wide store programme, `programs/matrix` ------------

  static constexpr char kProgramme[] = "programs/matrix";

  // A store programme with one MANUAL criterion: a pre-check never rejects.
  static v1::Programme ProgrammeToCreate() {
    v1::Programme p;
    p.set_display_name("矩阵示范店");
    p.set_category(v1::DEMONSTRATION_ENTERPRISE);
    p.set_level(v1::CULTIVATING);
    p.set_unit_kind(v1::UNIT_STORE);
    v1::Criterion* c = p.add_criteria();
    c->set_id("service");
    c->set_title("服务规范");
    c->set_kind(v1::MANUAL);
    c->set_threshold(10);
    c->set_points(20);
    p.set_pass_mark(10);
    return p;
  }
  v1::Programme FreshProgramme() {
    auto made = admin_cert_->CreateProgramme(ProgrammeToCreate());
    EXPECT_TRUE(made.ok()) << "setup: " << made.status();
    return made.ok() ? *made : v1::Programme();
  }
  // An application UNDER_REVIEW for `store` (a fresh pledged store of `place` by default).
  v1::Application FreshApplication(const Place& place, std::string store = "") {
    if (store.empty()) store = FreshPledge(place, /*activate=*/true).store();
    v1::Application application;
    application.set_programme(kProgramme);
    application.set_unit(store);
    auto made = admin_cert_->SubmitApplication(application);
    EXPECT_TRUE(made.ok()) << "setup: " << made.status();
    return made.ok() ? *made : v1::Application();
  }
  v1::ScoreApplicationRequest ScoreOf(const v1::Application& application) {
    v1::ScoreApplicationRequest request;
    request.set_name(application.name());
    request.set_etag(application.etag());
    v1::ManualScore* score = request.add_scores();
    score->set_criterion_id("service");
    score->set_score(15);
    score->set_evidence("现场核查");
    return request;
  }
  // An application of `place` in its public notice; with an objection lodged when `objected`.
  v1::Application InNotice(const Place& place, bool objected) {
    auto scored = admin_cert_->ScoreApplication(ScoreOf(FreshApplication(place)));
    EXPECT_TRUE(scored.ok()) << "setup: " << scored.status();
    if (!scored.ok()) return {};
    auto approved = admin_cert_->DecideApplication(scored->name(), scored->etag(), true, "通过");
    EXPECT_TRUE(approved.ok()) << "setup: " << approved.status();
    if (!approved.ok() || !objected) return approved.ok() ? *approved : v1::Application();
    auto lodged = admin_cert_->LodgeObjection(approved->name(), "有异议");
    EXPECT_TRUE(lodged.ok()) << "setup: " << lodged.status();
    return lodged.ok() ? *lodged : v1::Application();
  }
  // A certificate of a fresh store of `place`, to import.
  v1::ImportCertificateRequest ImportAt(const Place& place) {
    v1::ImportCertificateRequest request;
    v1::Certificate* c = request.mutable_certificate();
    c->set_programme(kProgramme);
    c->set_unit(FreshStore(place).name());
    c->set_number(absl::StrCat("JS-MATRIX-", Next()));
    c->set_issuer("江苏省市场监督管理局");
    *c->mutable_issue_time() = Ts(absl::Now() - absl::Hours(24));
    *c->mutable_valid_until() = Ts(absl::Now() + absl::Hours(24 * 365));
    return request;
  }
  v1::Certificate FreshCertificate(const Place& place) {
    auto made = admin_cert_->ImportCertificate(ImportAt(place));
    EXPECT_TRUE(made.ok()) << "setup: " << made.status();
    return made.ok() ? *made : v1::Certificate();
  }

  // --- Targets, as the services fill them (services/merchant/targets.cc, PledgeTarget) --------

  static Target MerchantTarget(const Place& place, const std::string& merchant) {
    Target t;
    t.division = place.division;
    t.merchant = merchant;
    return t;
  }
  static Target StoreTarget(const Place& place) {
    return Target{place.division, place.township, place.area, place.merchant};
  }
  static Target AreaTarget(const Place& place) {
    Target t;
    t.division = place.division;  // Areas here have no township.
    t.area = place.area;
    return t;
  }
  // A county, as compliance's DivisionTarget names a plan or report over one.
  static Target CountyTarget(const Place& place) {
    Target t;
    t.division = place.division;
    return t;
  }
  // For scope-free actions the target does not decide; name the place anyway.
  static Target PlaceTarget(const Place& place) { return StoreTarget(place); }

  static Attempt Made(const Caller& caller, Target target, absl::Status status) {
    return Attempt{std::move(target), caller.scopes, std::move(status)};
  }

  // For a filtering listing (Rpc::filters) of the items at one place, `items` of which came
  // back: a caller whose scope misses the place must see none of them, and one that may read
  // them must see them when `some_exist`. A breach becomes a non-OK status for the cell.
  static Attempt Listed(const Caller& caller, Action action, Target target, absl::Status status,
                        int items, bool some_exist) {
    if (status.ok()) {
      const std::string reason = ExpectedReason(caller.role, caller.scopes, action, target);
      if (reason == kOutOfScope && items > 0) {
        status = absl::InternalError(absl::StrCat(items, " items listed out of scope"));
      } else if (reason.empty() && some_exist && items == 0) {
        status = absl::InternalError("no items listed in scope");
      }
    }
    return Made(caller, std::move(target), std::move(status));
  }

  std::vector<Rpc> Rpcs();

  std::unique_ptr<sdk::PledgeClient> admin_pledges_;
  std::unique_ptr<sdk::ComplianceClient> admin_compliance_;
  std::unique_ptr<sdk::CertificationClient> admin_cert_;
  Place in_;
  Place out_;
  std::vector<Caller> callers_;
  int next_ = 100;
};

std::vector<Rpc> AuthzMatrixTest::Rpcs() {
  using T = AuthzMatrixTest;
  std::vector<Rpc> rpcs = {
      // --- AuditService ---
      {"AuditService/GetCheckpoint", Action::kVerifyAudit,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.audit.GetCheckpoint().status());
       }},
      {"AuditService/GetInclusionProof", Action::kVerifyAudit,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.audit.GetInclusionProof(0, 1).status());
       }},
      {"AuditService/GetConsistencyProof", Action::kVerifyAudit,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.audit.GetConsistencyProof(1, 2).status());
       }},
      {"AuditService/GetEntries", Action::kReadAudit,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.audit.GetEntries(0, 1).status());
       }},
      {"AuditService/ListResourceHistory", Action::kReadAudit,
       [](T&, Caller& c, const Place& p) {
         return Made(c, MerchantTarget(p, p.merchant),
                     c.audit.ResourceHistory(p.merchant).status());
       }},

      // --- KeyService: a fresh key for each call that changes one ---
      {"KeyService/CreateKey", Action::kManageKeys,
       [](T&, Caller& c, const Place& p) {
         v1::ApiKey key;
         key.set_display_name("made in the matrix");
         key.set_role(v1::ROLE_REGULATOR);
         key.add_scopes(p.division);
         return Made(c, PlaceTarget(p), c.client.CreateKey(key).status());
       }},
      {"KeyService/GetKey", Action::kManageKeys,
       [](T& t, Caller& c, const Place& p) {
         v1::ApiKey key;
         key.set_display_name("to be read");
         key.set_role(v1::ROLE_PUBLIC);
         auto made = t.admin_->CreateKey(key);
         EXPECT_TRUE(made.ok()) << "setup: " << made.status();
         return Made(c, PlaceTarget(p), c.client.GetKey(made->key().name()).status());
       }},
      {"KeyService/ListKeys", Action::kManageKeys,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p),
                     c.client.connection()->ListKeys(v1::ListKeysRequest()).status());
       }},
      {"KeyService/RevokeKey", Action::kManageKeys,
       [](T& t, Caller& c, const Place& p) {
         v1::ApiKey key;
         key.set_display_name("to be revoked");
         key.set_role(v1::ROLE_PUBLIC);
         auto made = t.admin_->CreateKey(key);
         EXPECT_TRUE(made.ok()) << "setup: " << made.status();
         return Made(c, PlaceTarget(p),
                     c.client.RevokeKey(made->key().name(), made->key().etag(), "matrix").status());
       }},

      // --- MerchantService: reads ---
      {"MerchantService/GetDivision", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.client.GetDivision(p.division).status());
       }},
      {"MerchantService/ListDivisions", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::ListDivisionsRequest request;
         request.set_parent(p.division);
         return Made(c, PlaceTarget(p), c.client.connection()->ListDivisions(request).status());
       }},
      {"MerchantService/GetMerchant", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.client.GetMerchant(p.merchant).status());
       }},
      {"MerchantService/ListMerchants", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::ListMerchantsRequest request;
         request.set_division(p.division);
         return Made(c, PlaceTarget(p), c.client.connection()->ListMerchants(request).status());
       }},
      {"MerchantService/GetStore", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.client.GetStore(p.store).status());
       }},
      {"MerchantService/ListStores", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::ListStoresRequest request;
         request.set_division(p.division);
         return Made(c, PlaceTarget(p), c.client.connection()->ListStores(request).status());
       }},
      {"MerchantService/GetArea", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.client.GetArea(p.area).status());
       }},
      {"MerchantService/ListAreas", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::ListAreasRequest request;
         request.set_division(p.division);
         return Made(c, PlaceTarget(p), c.client.connection()->ListAreas(request).status());
       }},

      // --- MerchantService: writes ---
      {"MerchantService/CreateMerchant", Action::kCreateMerchant,
       [](T& t, Caller& c, const Place& p) {
         const v1::Merchant merchant = t.MerchantAt(p, t.Next());
         const std::string name = absl::StrCat("merchants/", merchant.uscc());
         Caller as = t.ForFreshMerchant(c, p, name);
         return Made(as, MerchantTarget(p, name), as.client.CreateMerchant(merchant).status());
       }},
      {"MerchantService/UpdateMerchant", Action::kUpdateMerchant,
       [](T& t, Caller& c, const Place& p) {
         auto current = t.admin_->GetMerchant(p.merchant);
         EXPECT_TRUE(current.ok()) << "setup: " << current.status();
         v1::Merchant changed = *current;
         changed.set_legal_name(absl::StrCat(current->legal_name().substr(0, 30), t.Next()));
         return Made(c, MerchantTarget(p, p.merchant),
                     c.client.UpdateMerchant(changed, Mask("legal_name")).status());
       }},
      {"MerchantService/CloseMerchant", Action::kCloseMerchant,
       [](T& t, Caller& c, const Place& p) {
         const std::string name = t.FreshMerchant(p);
         auto current = t.admin_->GetMerchant(name);
         EXPECT_TRUE(current.ok()) << "setup: " << current.status();
         Caller as = t.ForFreshMerchant(c, p, name);
         return Made(as, MerchantTarget(p, name),
                     as.client.CloseMerchant(name, current->etag(), "licence cancelled").status());
       }},
      {"MerchantService/CreateStore", Action::kWriteStore,
       [](T& t, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p), c.client.CreateStore(p.merchant, t.StoreAt(p)).status());
       }},
      {"MerchantService/UpdateStore", Action::kWriteStore,
       [](T& t, Caller& c, const Place& p) {
         v1::Store store = t.FreshStore(p);
         store.set_display_name(absl::StrCat("改名店", t.Next()));
         return Made(c, StoreTarget(p), c.client.UpdateStore(store, Mask("display_name")).status());
       }},
      {"MerchantService/CloseStore", Action::kWriteStore,
       [](T& t, Caller& c, const Place& p) {
         const v1::Store store = t.FreshStore(p);
         return Made(c, StoreTarget(p),
                     c.client.CloseStore(store.name(), store.etag(), "moved away").status());
       }},
      {"MerchantService/ImportStores", Action::kWriteStore,
       [](T& t, Caller& c, const Place& p) {
         v1::ImportStoresRequest row;
         row.set_row(1);
         row.set_parent(p.merchant);
         *row.mutable_store() = t.StoreAt(p);
         auto results = c.client.ImportStores({row});
         absl::Status status = results.status();
         if (status.ok() && results->size() != 1) {
           status = absl::InternalError(absl::StrCat(results->size(), " results for one row"));
         } else if (status.ok() && (*results)[0].code() != 0) {
           // A row result carries the code and message but no ErrorInfo; the two refusals are
           // told apart by the message shapes Authorize documents.
           const v1::ImportStoreResult& r = (*results)[0];
           const std::string& message = r.message();
           const char* reason = absl::StartsWith(message, "role ")      ? kRoleNotAllowed
                                : absl::StrContains(message, " needs ") ? kOutOfScope
                                                                        : "";
           status = ErrorWithReason(static_cast<absl::StatusCode>(r.code()), reason,
                                    absl::StrCat("row 1: ", message));
         }
         return Made(c, StoreTarget(p), status);
       }},
      {"MerchantService/CreateArea", Action::kCreateArea,
       [](T& t, Caller& c, const Place& p) {
         const std::string id = absl::StrCat("matrix", t.Next());
         Target target = AreaTarget(p);
         target.area = absl::StrCat("areas/", id);
         return Made(c, target, c.client.CreateArea(t.AreaAt(p), id).status());
       }},
      {"MerchantService/UpdateArea", Action::kUpdateArea,
       [](T& t, Caller& c, const Place& p) {
         auto current = t.admin_->GetArea(p.area);
         EXPECT_TRUE(current.ok()) << "setup: " << current.status();
         v1::Area changed = *current;
         changed.set_display_name(absl::StrCat("矩阵商圈 ", p.county, " ", t.Next()));
         return Made(c, AreaTarget(p), c.client.UpdateArea(changed, Mask("display_name")).status());
       }},

      // --- PledgeService: reads ---
      {"PledgeService/GetPledge", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p), c.pledges.GetPledge(p.pledge).status());
       }},
      {"PledgeService/ListPledges", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::ListPledgesRequest request;
         request.set_division(p.division);
         return Made(c, StoreTarget(p), c.pledges.connection()->ListPledges(request).status());
       }},
      {"PledgeService/GetStorePledgeStatus", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p), c.pledges.GetStorePledgeStatus(p.store).status());
       }},

      // --- PledgeService: filing (on a fresh store each time) ---
      {"PledgeService/CreatePledge", Action::kFilePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Store store = t.FreshStore(p);
         return Made(c, StoreTarget(p), c.pledges.CreatePledge(t.PledgeFor(store.name())).status());
       }},
      {"PledgeService/ActivatePledge", Action::kFilePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Pledge draft = t.FreshPledge(p, /*activate=*/false);
         return Made(c, StoreTarget(p),
                     c.pledges.ActivatePledge(draft.name(), draft.etag()).status());
       }},
      {"PledgeService/AmendPledge", Action::kFilePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Pledge active = t.FreshPledge(p, /*activate=*/true);
         v1::AmendPledgeRequest request;
         request.set_name(active.name());
         request.set_etag(active.etag());
         *request.mutable_no_reason_return() = active.no_reason_return();
         request.mutable_no_reason_return()->set_window_days(30);
         return Made(c, StoreTarget(p), c.pledges.AmendPledge(request).status());
       }},
      {"PledgeService/RenewPledge", Action::kFilePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Pledge active = t.FreshPledge(p, /*activate=*/true);
         v1::RenewPledgeRequest request;
         request.set_name(active.name());
         request.set_etag(active.etag());
         *request.mutable_valid_until() = Ts(absl::Now() + absl::Hours(24 * 730));
         return Made(c, StoreTarget(p), c.pledges.RenewPledge(request).status());
       }},
      {"PledgeService/WithdrawPledge", Action::kFilePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Pledge active = t.FreshPledge(p, /*activate=*/true);
         return Made(
             c, StoreTarget(p),
             c.pledges.WithdrawPledge(active.name(), active.etag(), "shop refitting").status());
       }},

      // --- PledgeService: regulating (an active pledge; reinstating a suspended one) ---
      {"PledgeService/SuspendPledge", Action::kRegulatePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Pledge active = t.FreshPledge(p, /*activate=*/true);
         return Made(
             c, StoreTarget(p),
             c.pledges.SuspendPledge(active.name(), active.etag(), "complaints pending").status());
       }},
      {"PledgeService/ReinstatePledge", Action::kRegulatePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Pledge active = t.FreshPledge(p, /*activate=*/true);
         auto suspended =
             t.admin_pledges_->SuspendPledge(active.name(), active.etag(), "complaints pending");
         EXPECT_TRUE(suspended.ok()) << "setup: " << suspended.status();
         return Made(
             c, StoreTarget(p),
             c.pledges.ReinstatePledge(suspended->name(), suspended->etag(), "resolved").status());
       }},
      {"PledgeService/RevokePledge", Action::kRegulatePledge,
       [](T& t, Caller& c, const Place& p) {
         const v1::Pledge active = t.FreshPledge(p, /*activate=*/true);
         return Made(
             c, StoreTarget(p),
             c.pledges.RevokePledge(active.name(), active.etag(), "refused refunds").status());
       }},

      // --- EventService ---
      {"EventService/ListEvents", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::ListEventsRequest request;
         request.mutable_filter()->set_division(p.division);
         return Made(c, PlaceTarget(p), c.events.ListEvents(request).status());
       }},
      {"EventService/GetCoverage", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.events.GetCoverage(p.division).status());
       }},
      {"EventService/WatchEvents", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::WatchEventsRequest request;
         request.mutable_filter()->set_division(p.division);
         request.set_progress_interval_ms(100);
         sdk::EventClient events = c.events;
         // Allowed: the first message (events or progress) ends the watch with OK.
         return Made(c, PlaceTarget(p), events.Watch(request, [](const auto&) { return false; }));
       }},

      // --- ComplianceService: complaints (ComplaintTarget: the complained-of store's place) ---
      {"ComplianceService/IngestComplaint", Action::kIngestComplaint,
       [](T& t, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p), c.compliance.IngestComplaint(t.ComplaintAt(p)).status());
       }},
      {"ComplianceService/UpdateComplaint", Action::kIngestComplaint,
       [](T& t, Caller& c, const Place& p) {
         const v1::Complaint received = t.FreshComplaint(p);
         v1::UpdateComplaintRequest request;
         request.set_name(received.name());
         request.set_etag(received.etag());
         request.set_state(v1::COMPLAINT_STATE_ACCEPTED);
         return Made(c, StoreTarget(p), c.compliance.UpdateComplaint(request).status());
       }},
      {"ComplianceService/GetComplaint", Action::kReadComplaint,
       [](T& t, Caller& c, const Place& p) {
         const v1::Complaint complaint = t.FreshComplaint(p);
         return Made(c, StoreTarget(p), c.compliance.GetComplaint(complaint.name()).status());
       }},
      {"ComplianceService/ListComplaints", Action::kReadComplaint,
       [](T& t, Caller& c, const Place& p) {
         t.FreshComplaint(p);
         v1::ListComplaintsRequest request;
         request.set_division(p.division);
         auto listed = c.compliance.connection()->ListComplaints(request);
         return Listed(c, Action::kReadComplaint, StoreTarget(p), listed.status(),
                       listed.ok() ? listed->complaints_size() : 0, /*some_exist=*/true);
       },
       /*filters=*/true},

      // --- ComplianceService: spot checks and inspections ---
      {"ComplianceService/CreateSpotCheckPlan", Action::kInspect,
       [](T&, Caller& c, const Place& p) {
         return Made(c, CountyTarget(p), c.compliance.CreateSpotCheckPlan(PlanAt(p)).status());
       }},
      {"ComplianceService/GetSpotCheckPlan", Action::kReadCompliance,
       [](T& t, Caller& c, const Place& p) {
         const v1::SpotCheckPlan plan = t.FreshPlan(p);
         return Made(c, CountyTarget(p), c.compliance.GetSpotCheckPlan(plan.name()).status());
       }},
      {"ComplianceService/RecordInspection", Action::kInspect,
       [](T&, Caller& c, const Place& p) {
         v1::Inspection inspection;
         inspection.set_pledge(p.pledge);
         inspection.set_inspector("执法证320902001");
         inspection.set_findings("已公示退货条件");
         inspection.set_passed(true);
         return Made(c, StoreTarget(p), c.compliance.RecordInspection(inspection).status());
       }},
      {"ComplianceService/ListInspections", Action::kReadCompliance,
       [](T& t, Caller& c, const Place& p) {
         v1::Inspection inspection;
         inspection.set_pledge(p.pledge);
         inspection.set_inspector("执法证320902001");
         inspection.set_findings("已公示退货条件");
         inspection.set_passed(true);
         auto recorded = t.admin_compliance_->RecordInspection(inspection);
         EXPECT_TRUE(recorded.ok()) << "setup: " << recorded.status();
         v1::ListInspectionsRequest request;
         request.set_pledge(p.pledge);
         auto listed = c.compliance.connection()->ListInspections(request);
         return Listed(c, Action::kReadCompliance, StoreTarget(p), listed.status(),
                       listed.ok() ? listed->inspections_size() : 0, /*some_exist=*/true);
       },
       /*filters=*/true},
      {"ComplianceService/ListViolations", Action::kReadCompliance,
       [](T&, Caller& c, const Place& p) {
         // No violation exists (only the sweeper makes them): this checks the refusals alone.
         v1::ListViolationsRequest request;
         request.set_pledge(p.pledge);
         auto listed = c.compliance.connection()->ListViolations(request);
         return Listed(c, Action::kReadCompliance, StoreTarget(p), listed.status(),
                       listed.ok() ? listed->violations_size() : 0, /*some_exist=*/false);
       },
       /*filters=*/true},
      {"ComplianceService/GetQuarterlyReport", Action::kReadCompliance,
       [](T&, Caller& c, const Place& p) {
         return Made(c, CountyTarget(p),
                     c.compliance.GetQuarterlyReport(2026, 3, p.division).status());
       }},

      // --- CertificationService. Programmes are city-wide (an empty target: only an unscoped
      // regulator is in scope); applications and certificates are at their unit's place. ---
      {"CertificationService/CreateProgramme", Action::kManageProgrammes,
       [](T&, Caller& c, const Place&) {
         return Made(c, Target{}, c.cert.CreateProgramme(ProgrammeToCreate()).status());
       }},
      {"CertificationService/GetProgramme", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.cert.GetProgramme(kProgramme).status());
       }},
      {"CertificationService/ListProgrammes", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p),
                     c.cert.connection()->ListProgrammes(v1::ListProgrammesRequest()).status());
       }},
      {"CertificationService/UpdateProgramme", Action::kManageProgrammes,
       [](T& t, Caller& c, const Place&) {
         const v1::Programme programme = t.FreshProgramme();
         v1::UpdateProgrammeRequest request;
         request.mutable_programme()->set_name(programme.name());
         request.mutable_programme()->set_display_name("矩阵示范店（修订）");
         *request.mutable_update_mask() = Mask("display_name");
         request.set_etag(programme.etag());
         return Made(c, Target{}, c.cert.UpdateProgramme(request).status());
       }},
      {"CertificationService/SubmitApplication", Action::kApplyForCertification,
       [](T& t, Caller& c, const Place& p) {
         v1::Application application;
         application.set_programme(kProgramme);
         application.set_unit(t.FreshPledge(p, /*activate=*/true).store());
         return Made(c, StoreTarget(p), c.cert.SubmitApplication(application).status());
       }},
      {"CertificationService/GetApplication", Action::kReadCertification,
       [](T&, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p), c.cert.GetApplication(p.application).status());
       }},
      {"CertificationService/ListApplications", Action::kReadCertification,
       [](T&, Caller& c, const Place& p) {
         // Under review: the public, which lists only notices, is refused these.
         v1::ListApplicationsRequest request;
         request.set_division(p.division);
         request.set_state(v1::UNDER_REVIEW);
         auto listed = c.cert.connection()->ListApplications(request);
         return Listed(c, Action::kReadCertification, StoreTarget(p), listed.status(),
                       listed.ok() ? listed->applications_size() : 0, /*some_exist=*/true);
       },
       /*filters=*/true},
      {"CertificationService/ScoreApplication", Action::kReviewCertification,
       [](T& t, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p),
                     c.cert.ScoreApplication(t.ScoreOf(t.FreshApplication(p))).status());
       }},
      {"CertificationService/DecideApplication", Action::kReviewCertification,
       [](T& t, Caller& c, const Place& p) {
         const v1::Application application = t.FreshApplication(p);
         return Made(c, StoreTarget(p),
                     c.cert.DecideApplication(application.name(), application.etag(), false,
                                              "材料不全")
                         .status());
       }},
      {"CertificationService/LodgeObjection", Action::kObjectToCertification,
       [](T& t, Caller& c, const Place& p) {
         const v1::Application application = t.InNotice(p, /*objected=*/false);
         return Made(c, StoreTarget(p),
                     c.cert.LodgeObjection(application.name(), "该店拒绝退货").status());
       }},
      {"CertificationService/ResolveObjection", Action::kReviewCertification,
       [](T& t, Caller& c, const Place& p) {
         const v1::Application application = t.InNotice(p, /*objected=*/true);
         v1::ResolveObjectionRequest request;
         request.set_name(application.name());
         request.set_etag(application.etag());
         request.set_objection_id(1);
         request.set_uphold(false);
         request.set_resolution("经核实不属实");
         return Made(c, StoreTarget(p), c.cert.ResolveObjection(request).status());
       }},
      {"CertificationService/GetCertificate", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.cert.GetCertificate(p.certificate).status());
       }},
      {"CertificationService/ListCertificates", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         v1::ListCertificatesRequest request;
         request.set_division(p.division);
         return Made(c, PlaceTarget(p), c.cert.connection()->ListCertificates(request).status());
       }},
      {"CertificationService/RevokeCertificate", Action::kReviewCertification,
       [](T& t, Caller& c, const Place& p) {
         const v1::Certificate certificate = t.FreshCertificate(p);
         return Made(c, StoreTarget(p),
                     c.cert.RevokeCertificate(certificate.name(), certificate.etag(), "虚假材料")
                         .status());
       }},
      {"CertificationService/ImportCertificate", Action::kImportCertificate,
       [](T& t, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p), c.cert.ImportCertificate(t.ImportAt(p)).status());
       }},
      {"CertificationService/EvaluateUnit", Action::kReadCertification,
       [](T&, Caller& c, const Place& p) {
         return Made(c, StoreTarget(p), c.cert.EvaluateUnit(kProgramme, p.store).status());
       }},
      {"CertificationService/ListTiers", Action::kReadPublic,
       [](T&, Caller& c, const Place& p) {
         return Made(c, PlaceTarget(p), c.cert.ListTiers(p.division).status());
       }},
  };
  return rpcs;
}

TEST_F(AuthzMatrixTest, EveryRpcAnswersEveryRoleInAndOutOfScopeAsTheTableSays) {
  const std::vector<Rpc> rpcs = Rpcs();
  ASSERT_EQ(callers_.size(), 7u);
  int cells = 0;
  int allowed = 0;
  int role_not_allowed = 0;
  int out_of_scope = 0;
  for (const Rpc& rpc : rpcs) {
    for (Caller& caller : callers_) {
      for (const Place* place : {&in_, &out_}) {
        const Attempt attempt = rpc.call(*this, caller, *place);
        std::string expected =
            ExpectedReason(caller.role, attempt.scopes, rpc.action, attempt.target);
        if (rpc.filters && expected == kOutOfScope) expected = "";  // See Rpc::filters.
        const std::string cell = absl::StrCat(rpc.method, " x ", caller.label, " x ", place->label,
                                              " (", ActionId(rpc.action), "): expected ",
                                              expected.empty() ? "allowed" : expected, ", got ",
                                              attempt.status.ToString());
        if (expected.empty()) {
          EXPECT_TRUE(attempt.status.ok()) << cell;
          ++allowed;
        } else {
          EXPECT_EQ(attempt.status.code(), absl::StatusCode::kPermissionDenied) << cell;
          EXPECT_EQ(ErrorReasonOf(attempt.status), expected) << cell;
          ++(expected == kRoleNotAllowed ? role_not_allowed : out_of_scope);
        }
        ++cells;
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(rpcs.size()) * 7 * 2);
  // The matrix must exercise all three outcomes.
  EXPECT_GT(allowed, 0);
  EXPECT_GT(role_not_allowed, 0);
  EXPECT_GT(out_of_scope, 0);
  std::cout << "authz matrix: " << rpcs.size() << " RPCs x " << callers_.size()
            << " callers x 2 places = " << cells << " cells (" << allowed << " allowed, "
            << role_not_allowed << " ROLE_NOT_ALLOWED, " << out_of_scope << " OUT_OF_SCOPE)\n";
}

TEST_F(AuthzMatrixTest, TheMatrixNamesEveryRpcOfTheServicesItCovers) {
  std::set<std::string> in_matrix;
  for (const Rpc& rpc : Rpcs()) {
    EXPECT_TRUE(in_matrix.insert(rpc.method).second) << rpc.method << " twice";
  }
  std::set<std::string> in_protos;
  for (const char* service : {"AuditService", "KeyService", "MerchantService", "PledgeService",
                              "EventService", "ComplianceService", "CertificationService"}) {
    const google::protobuf::ServiceDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            absl::StrCat("fangxin.v1.", service));
    ASSERT_NE(descriptor, nullptr) << service;
    for (int i = 0; i < descriptor->method_count(); ++i) {
      in_protos.insert(absl::StrCat(service, "/", descriptor->method(i)->name()));
    }
  }
  EXPECT_EQ(in_matrix, in_protos);
}

TEST_F(AuthzMatrixTest, UnauthenticatedCallsAreRefusedBeforeAnyRule) {
  Caller stranger = CallerWithToken(v1::ROLE_PUBLIC, {}, "no key", "fx_nope_nope");
  for (const Rpc& rpc : Rpcs()) {
    EXPECT_EQ(rpc.call(*this, stranger, in_).status.code(), absl::StatusCode::kUnauthenticated)
        << rpc.method;
  }
}

}  // namespace
}  // namespace fangxin::testing
