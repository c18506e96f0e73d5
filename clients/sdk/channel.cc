#include "clients/sdk/channel.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace fangxin::sdk {
namespace {

constexpr char kUserAgent[] = "fangxin-sdk-cpp/0.1";

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  return contents.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options) {
  if (options.channel) return options.channel;
  if (options.endpoint.empty()) {
    return absl::InvalidArgumentError("ClientOptions.endpoint is empty");
  }
  if (options.tls_client_cert_path.empty() != options.tls_client_key_path.empty()) {
    return absl::InvalidArgumentError(
        "ClientOptions.tls_client_cert_path and tls_client_key_path go together");
  }
  if (!options.tls_client_cert_path.empty() && options.tls_root_certs_path.empty()) {
    return absl::InvalidArgumentError("a client certificate needs tls_root_certs_path (TLS)");
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls_root_certs_path.empty()) {
    credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions ssl;
    absl::StatusOr<std::string> roots = ReadFile(options.tls_root_certs_path);
    if (!roots.ok()) return roots.status();
    ssl.pem_root_certs = *std::move(roots);
    if (!options.tls_client_cert_path.empty()) {
      absl::StatusOr<std::string> cert = ReadFile(options.tls_client_cert_path);
      if (!cert.ok()) return cert.status();
      absl::StatusOr<std::string> key = ReadFile(options.tls_client_key_path);
      if (!key.ok()) return key.status();
      ssl.pem_cert_chain = *std::move(cert);
      ssl.pem_private_key = *std::move(key);
    }
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments args;
  args.SetUserAgentPrefix(kUserAgent);
  return grpc::CreateCustomChannel(options.endpoint, credentials, args);
}

}  // namespace fangxin::sdk
