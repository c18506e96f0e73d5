#ifndef FANGXIN_CLIENTS_SDK_CLIENT_OPTIONS_H_
#define FANGXIN_CLIENTS_SDK_CLIENT_OPTIONS_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace fangxin::sdk {

// How a Connection reaches fangxind and how hard it tries. A plain value; copy freely.
struct ClientOptions {
  // host:port of fangxind. Default "127.0.0.1:7443".
  std::string endpoint = "127.0.0.1:7443";

  // API key sent on every call as `authorization: Bearer <token>`. Default empty, meaning the
  // value of the environment variable FANGXIN_TOKEN; when both are empty no header is sent and
  // the server answers UNAUTHENTICATED to anything but public reads.
  std::string token;

  // Deadline of one SDK call, retries and backoff included: every attempt's ClientContext gets
  // the call's absolute deadline, and no backoff sleeps past it. Default 30 s. A client-streamed
  // import applies it per chunk.
  absl::Duration timeout = absl::Seconds(30);

  // Attempts per call, the first included; 1 disables retries. Only UNAVAILABLE is retried.
  // Default 5.
  int max_attempts = 5;
  // Upper bound of the first backoff. Default 100 ms.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  // Upper bound of any backoff. Default 5 s.
  absl::Duration max_backoff = absl::Seconds(5);
  // Growth of the bound per retry. Default 2. The actual sleep is drawn uniformly from
  // [0, bound] ("full jitter"), so many clients failing together do not retry in lockstep.
  double backoff_multiplier = 2.0;

  // Path of a PEM file with the root certificates that sign fangxind's certificate. Default
  // empty: a plaintext channel, which fangxind accepts only on a loopback address.
  std::string tls_root_certs_path;

  // Optional, with TLS: PEM client certificate and its private key, for mutual TLS. fangxind
  // authenticates a certificate bound to an API key (ApiKey.client_certificate_name) as that
  // key when no bearer token is sent. Both or neither. Default empty.
  std::string tls_client_cert_path;
  std::string tls_client_key_path;

  // Optional. A channel to use instead of one built from `endpoint` and `tls_root_certs_path`
  // (tests, custom credentials, a channel shared with other stubs). Default null.
  std::shared_ptr<grpc::Channel> channel;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_CLIENT_OPTIONS_H_
