// Every RPC x every role, through the real server, against kAuthzTable (services/common/
// authz.h), which is the documentation of who may do what: a call is refused with
// PERMISSION_DENIED exactly when the table's cell for its action and the caller's role says so.
// Scoped cells (kInScope) are exercised in and out of scope by authz_test.cc on the policy
// function; here the RPCs whose actions are scope-free are driven end to end: every RPC of
// AuditService and KeyService, and the public reads of MerchantService.

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/sdk/audit_client.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/common/authz.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

struct Caller {
  sdk::Client* client;
  sdk::AuditClient* audit;
};

struct Rpc {
  const char* method;
  Action action;
  std::function<absl::Status(Caller&)> call;
};

class AuthzMatrixTest : public ServerTest {
 protected:
  sdk::AuditClient AuditFor(const std::string& token) {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = token;
    return sdk::AuditClient(*sdk::MakeAuditConnection(options));
  }

  // A key of `role` (scoped where the role needs a scope) and its token.
  std::string TokenFor(v1::Role role) {
    v1::ApiKey key;
    key.set_display_name(absl::StrCat("matrix ", v1::Role_Name(role)));
    key.set_role(role);
    if (role == v1::ROLE_AREA_MANAGER) key.add_scopes("areas/wanda");
    if (role == v1::ROLE_MERCHANT) key.add_scopes(absl::StrCat("merchants/", Uscc(1)));
    auto created = admin_->CreateKey(key);
    EXPECT_TRUE(created.ok()) << v1::Role_Name(role) << ": " << created.status();
    return created.ok() ? created->token() : "";
  }
};

const std::vector<Rpc>& Rpcs() {
  static const auto* rpcs = new std::vector<Rpc>{
      {"AuditService/GetCheckpoint", Action::kVerifyAudit,
       [](Caller& c) { return c.audit->GetCheckpoint().status(); }},
      {"AuditService/GetInclusionProof", Action::kVerifyAudit,
       [](Caller& c) { return c.audit->GetInclusionProof(0, 1).status(); }},
      {"AuditService/GetConsistencyProof", Action::kVerifyAudit,
       [](Caller& c) { return c.audit->GetConsistencyProof(1, 1).status(); }},
      {"AuditService/GetEntries", Action::kReadAudit,
       [](Caller& c) { return c.audit->GetEntries(0, 1).status(); }},
      {"AuditService/ListResourceHistory", Action::kReadAudit,
       [](Caller& c) { return c.audit->ResourceHistory("divisions/320902").status(); }},
      {"KeyService/CreateKey", Action::kManageKeys,
       [](Caller& c) {
         v1::ApiKey key;
         key.set_display_name("made in the matrix");
         key.set_role(v1::ROLE_PUBLIC);
         return c.client->CreateKey(key).status();
       }},
      {"KeyService/GetKey", Action::kManageKeys,
       [](Caller& c) { return c.client->GetKey("apiKeys/nonexistent").status(); }},
      {"KeyService/ListKeys", Action::kManageKeys,
       [](Caller& c) { return c.client->connection()->ListKeys(v1::ListKeysRequest()).status(); }},
      {"KeyService/RevokeKey", Action::kManageKeys,
       [](Caller& c) { return c.client->RevokeKey("apiKeys/nonexistent", "1", "test").status(); }},
      {"MerchantService/GetDivision", Action::kReadPublic,
       [](Caller& c) { return c.client->GetDivision("divisions/320902").status(); }},
      {"MerchantService/ListDivisions", Action::kReadPublic,
       [](Caller& c) {
         return c.client->connection()->ListDivisions(v1::ListDivisionsRequest()).status();
       }},
      {"MerchantService/ListMerchants", Action::kReadPublic,
       [](Caller& c) {
         return c.client->connection()->ListMerchants(v1::ListMerchantsRequest()).status();
       }},
  };
  return *rpcs;
}

TEST_F(AuthzMatrixTest, EveryScopeFreeRpcAllowsExactlyTheRolesTheTableAllows) {
  const v1::Role roles[] = {v1::ROLE_ADMIN,    v1::ROLE_REGULATOR,   v1::ROLE_AREA_MANAGER,
                            v1::ROLE_MERCHANT, v1::ROLE_CITY_SYSTEM, v1::ROLE_PUBLIC};
  int cells = 0;
  for (v1::Role role : roles) {
    const std::string token = role == v1::ROLE_ADMIN ? admin_token_ : TokenFor(role);
    sdk::Client client = ClientWithToken(token);
    sdk::AuditClient audit = AuditFor(token);
    Caller caller{&client, &audit};
    for (const Rpc& rpc : Rpcs()) {
      const Grant grant = GrantFor(role, rpc.action);
      ASSERT_NE(grant, Grant::kInScope) << rpc.method << " is scoped; it belongs in another test";
      const absl::Status status = rpc.call(caller);
      const std::string cell = absl::StrCat(rpc.method, " as ", v1::Role_Name(role), ": ",
                                            status.ToString());
      if (grant == Grant::kNever) {
        EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << cell;
        EXPECT_EQ(ErrorReasonOf(status), "ROLE_NOT_ALLOWED") << cell;
      } else {
        EXPECT_NE(status.code(), absl::StatusCode::kPermissionDenied) << cell;
        EXPECT_NE(status.code(), absl::StatusCode::kUnauthenticated) << cell;
      }
      ++cells;
    }
  }
  EXPECT_EQ(cells, 6 * static_cast<int>(Rpcs().size()));
}

TEST_F(AuthzMatrixTest, UnauthenticatedCallsAreRefusedBeforeAnyRule) {
  sdk::Client client = ClientWithToken("fx_nope_nope");
  sdk::AuditClient audit = AuditFor("fx_nope_nope");
  Caller caller{&client, &audit};
  for (const Rpc& rpc : Rpcs()) {
    EXPECT_EQ(rpc.call(caller).code(), absl::StatusCode::kUnauthenticated) << rpc.method;
  }
}

}  // namespace
}  // namespace fangxin::testing
