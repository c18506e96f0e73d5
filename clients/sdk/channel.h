#ifndef FANGXIN_CLIENTS_SDK_CHANNEL_H_
#define FANGXIN_CLIENTS_SDK_CHANNEL_H_

#include <memory>

#include "absl/status/statusor.h"
#include "clients/sdk/client_options.h"
#include "grpcpp/channel.h"

namespace fangxin::sdk {

// The channel every connection of the SDK uses: options.channel when given; otherwise a channel
// to options.endpoint, plaintext or TLS (tls_root_certs_path), with a client certificate for
// mutual TLS when tls_client_cert_path and tls_client_key_path are set. INVALID_ARGUMENT for
// inconsistent options, NOT_FOUND for a file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options);

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_CHANNEL_H_
