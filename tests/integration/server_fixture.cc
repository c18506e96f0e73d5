#include "tests/integration/server_fixture.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/uscc.h"

namespace fangxin::testing {

void ServerTest::StartServer() {
  Server::Options options;
  options.data_dir = dir_.path() + "/data";
  options.listen = "127.0.0.1:0";
  options.allow_plaintext = true;
  options.divisions_csv = SourcePath("deploy/data/yancheng-divisions.csv");
  ConfigureServer(&options);
  server_ = std::make_unique<Server>(options);
  absl::Status started = server_->Start();
  ASSERT_TRUE(started.ok()) << started;
  if (!server_->bootstrap_admin_token().empty()) admin_token_ = server_->bootstrap_admin_token();
  ASSERT_FALSE(admin_token_.empty());
  admin_ = std::make_unique<sdk::Client>(ClientWithToken(admin_token_));
}

void ServerTest::StopServer() {
  admin_.reset();
  if (server_ != nullptr) server_->Shutdown();
  server_.reset();
}

sdk::Client ServerTest::ClientWithToken(const std::string& token) {
  sdk::ClientOptions options;
  options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
  options.token = token;
  auto connection = sdk::MakeConnection(options);
  EXPECT_TRUE(connection.ok()) << connection.status();
  return sdk::Client(*connection);
}

sdk::Client ServerTest::ClientFor(v1::Role role, std::vector<std::string> scopes) {
  v1::ApiKey key;
  key.set_display_name(absl::StrCat("test key for role ", role));
  key.set_role(role);
  for (auto& s : scopes) key.add_scopes(s);
  auto created = admin_->CreateKey(key);
  EXPECT_TRUE(created.ok()) << created.status();
  return ClientWithToken(created.ok() ? created->token() : "");
}

std::string ServerTest::Uscc(int n, const std::string& county) {
  std::string first17 = absl::StrFormat("91%s%09d", county, n);
  return first17 + *UsccCheckCharacter(first17);
}

v1::Merchant ServerTest::NewMerchant(int n) {
  v1::Merchant m;
  m.set_uscc(Uscc(n));
  m.set_legal_name(absl::StrCat("盐城市亭湖区测试商贸有限公司", n));
  m.set_division("divisions/320902");
  m.mutable_contact()->set_phone("0515-8888 0000");
  return m;
}

v1::Store ServerTest::NewStore(const std::string& display_name) {
  v1::Store s;
  s.set_display_name(display_name);
  s.set_address("盐城市亭湖区解放南路1号");
  s.set_division("divisions/320902");
  s.set_township("divisions/320902001");
  s.mutable_location()->set_latitude(33.3853);
  s.mutable_location()->set_longitude(120.1310);
  s.set_industry("retail");
  return s;
}

}  // namespace fangxin::testing
