// Mutual TLS: a verified client certificate bound to an API key authenticates as that key (its
// role and scopes); an unbound or missing certificate does not; plaintext is refused on a TLS
// port. Certificates are made at test time with Debian's openssl.

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/sdk/client.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/server/server.h"
#include "tests/integration/server_fixture.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {
namespace {

// A CA, a server certificate for 127.0.0.1 and two client certificates, in `dir`.
bool MakeCertificates(const std::string& dir) {
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string script = absl::StrCat(
      "set -e; cd '", dir, "'; exec >openssl.log 2>&1\n",
      "openssl req -x509 ", ec, " -keyout ca.key -out ca.pem -days 2 -subj '/CN=fangxin test CA'\n",
      "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost' > server.ext\n",
      "openssl req ", ec, " -keyout server.key -out server.csr -subj '/CN=127.0.0.1'\n",
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 ",
      "-extfile server.ext -out server.pem\n",
      "for cn in platform-12315 stranger; do\n",
      "  openssl req ", ec, " -keyout $cn.key -out $cn.csr -subj \"/CN=$cn\"\n",
      "  openssl x509 -req -in $cn.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 ",
      "-out $cn.pem\n",
      "done\n");
  const std::string path = dir + "/make-certificates.sh";
  if (FILE* out = std::fopen(path.c_str(), "w")) {
    std::fputs(script.c_str(), out);
    std::fclose(out);
  }
  return std::system(absl::StrCat("bash '", path, "'").c_str()) == 0;
}

class MutualTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MakeCertificates(dir_.path())) << "openssl failed; see openssl.log";
  }

  void Start(bool require_client_certificate) {
    Server::Options options;
    options.data_dir = dir_.path() + "/data";
    options.listen = "127.0.0.1:0";
    options.divisions_csv = SourcePath("deploy/data/yancheng-divisions.csv");
    options.tls_cert_file = dir_.path() + "/server.pem";
    options.tls_key_file = dir_.path() + "/server.key";
    options.tls_client_ca_file = dir_.path() + "/ca.pem";
    options.require_client_certificate = require_client_certificate;
    server_ = std::make_unique<Server>(options);
    absl::Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
    if (!server_->bootstrap_admin_token().empty()) admin_token_ = server_->bootstrap_admin_token();
  }

  // A client over TLS; with `certificate` ("" for none) and `token` ("" for none).
  sdk::Client Client(const std::string& certificate, const std::string& token = "",
                     bool tls = true) {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = token.empty() ? "" : token;
    options.max_attempts = 1;
    if (tls) options.tls_root_certs_path = dir_.path() + "/ca.pem";
    if (!certificate.empty()) {
      options.tls_client_cert_path = absl::StrCat(dir_.path(), "/", certificate, ".pem");
      options.tls_client_key_path = absl::StrCat(dir_.path(), "/", certificate, ".key");
    }
    auto connection = sdk::MakeConnection(options);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return sdk::Client(*connection);
  }

  // Binds the certificate `platform-12315` to a new city-system key; the admin's call presents
  // `admin_certificate` ("" for none).
  v1::ApiKey BindPlatformKey(const std::string& admin_certificate = "") {
    v1::ApiKey key;
    key.set_display_name("12315 platform (certificate)");
    key.set_role(v1::ROLE_CITY_SYSTEM);
    key.set_client_certificate_name("platform-12315");
    auto created = Client(admin_certificate, admin_token_).CreateKey(key);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->key() : v1::ApiKey();
  }

  TempDir dir_;
  std::unique_ptr<Server> server_;
  std::string admin_token_;
};

TEST_F(MutualTlsTest, ABoundCertificateActsAsItsKeyWithItsRole) {
  Start(/*require_client_certificate=*/false);
  const v1::ApiKey key = BindPlatformKey();
  sdk::Client platform = Client("platform-12315");
  auto read = platform.GetDivision("divisions/320902");
  ASSERT_TRUE(read.ok()) << read.status();
  // The certificate carries the key's role, not more: a city system may not register merchants.
  v1::Merchant merchant;
  merchant.set_uscc("91110000600037341L");
  merchant.set_legal_name("证书测试商贸有限公司");
  merchant.set_division("divisions/320902");
  auto refused = platform.CreateMerchant(merchant);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "ROLE_NOT_ALLOWED");
  // A bearer token wins over the certificate.
  EXPECT_TRUE(Client("platform-12315", admin_token_).CreateMerchant(merchant).ok());
  // Revoking the key revokes the certificate's access at once.
  ASSERT_TRUE(Client("", admin_token_).RevokeKey(key.name(), key.etag(), "rotated").ok());
  EXPECT_EQ(platform.GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(MutualTlsTest, AnUnboundCertificateOrNoneIsUnauthenticated) {
  Start(/*require_client_certificate=*/false);
  BindPlatformKey();
  EXPECT_EQ(Client("stranger").GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Client("").GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnauthenticated);
  // A plaintext client cannot talk to a TLS port at all.
  EXPECT_EQ(Client("", admin_token_, /*tls=*/false).GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(MutualTlsTest, RequiredClientCertificatesRefuseTheHandshakeWithoutOne) {
  Start(/*require_client_certificate=*/true);
  BindPlatformKey("stranger");  // The admin's call needs a certificate too: any CA-signed one.
  EXPECT_EQ(Client("", admin_token_).GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(Client("stranger", admin_token_).GetDivision("divisions/320902").ok());
  EXPECT_TRUE(Client("platform-12315").GetDivision("divisions/320902").ok());
}

}  // namespace
}  // namespace fangxin::testing
