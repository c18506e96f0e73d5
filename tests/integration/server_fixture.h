#ifndef FANGXIN_TESTS_INTEGRATION_SERVER_FIXTURE_H_
#define FANGXIN_TESTS_INTEGRATION_SERVER_FIXTURE_H_

#include <memory>
#include <string>

#include "clients/sdk/client.h"
#include "fangxin/v1/resources.pb.h"
#include "gtest/gtest.h"
#include "services/server/server.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {

// A real fangxind (in process) on 127.0.0.1 with a real RocksDB in a temp dir, and an SDK client
// holding the bootstrap admin key.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }
  void TearDown() override { StopServer(); }

  void StartServer();
  void StopServer();
  // Called by StartServer with the options it is about to use, for tests that need more.
  virtual void ConfigureServer(Server::Options* options) {}

  // A client over a new connection with `token`.
  sdk::Client ClientWithToken(const std::string& token);
  // Creates a key with this role and scopes (as admin) and returns a client using it.
  sdk::Client ClientFor(v1::Role role, std::vector<std::string> scopes = {});

  // A valid merchant in 亭湖区 (320902) with a credit code derived from `n`.
  static v1::Merchant NewMerchant(int n);
  // A valid store in 亭湖区, 五星街道.
  static v1::Store NewStore(const std::string& display_name);
  // A valid USCC for organisation number `n` registered in county `county`.
  static std::string Uscc(int n, const std::string& county = "320902");

  TempDir dir_;
  std::unique_ptr<Server> server_;
  std::string admin_token_;
  std::unique_ptr<sdk::Client> admin_;
};

}  // namespace fangxin::testing

#endif  // FANGXIN_TESTS_INTEGRATION_SERVER_FIXTURE_H_
