#ifndef FANGXIN_SERVICES_SERVER_SERVER_H_
#define FANGXIN_SERVICES_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "services/server/rate_limiter.h"
#include "storage/registry.h"

namespace fangxin {

// fangxind: every fangxin gRPC service over one registry, plus health and reflection.
// Start, then Shutdown (or destroy). Not thread-safe except where noted.
class Server {
 public:
  struct Options {
    // Required. Directory of the registry and the server's own files (admin.key,
    // page_token.secret). Created if missing.
    std::string data_dir;
    // gRPC listen address. Default 127.0.0.1:7443. Port 0 picks a free port (see port()).
    std::string listen = "127.0.0.1:7443";
    // Required. CSV of administrative divisions (deploy/data/yancheng-divisions.csv).
    std::string divisions_csv;
    // Optional. The working-day calendar of the complaint time limits
    // (deploy/data/calendar-cn-2025-2026.csv); empty counts weekends only.
    std::string calendar_csv;
    // Commit durability. Default: one fsync per group of concurrent commits.
    storage::SyncPolicy sync = storage::SyncPolicy::kGroup;
    // Optional. Keys to make sure exist at start: lines `key_id role sha256_hex [scopes]
    // [display name]` (see docs/operations.md).
    std::string keys_file;
    // Serve without TLS. Default false: the server refuses to start without a certificate
    // unless asked for plaintext, and plaintext is refused on anything but a loopback address.
    bool allow_plaintext = false;
    // TLS: certificate chain and private key (PEM files). Both or neither.
    std::string tls_cert_file;
    std::string tls_key_file;
    // Optional, with TLS: PEM of the CA that signs client certificates (mutual TLS). A verified
    // client certificate whose common name is bound to an API key (ApiKey.client_certificate_name)
    // authenticates as that key; a bearer token still wins when both are sent.
    std::string tls_client_ca_file;
    // With tls_client_ca_file: refuse the handshake of a client without a valid certificate.
    // Default false: certificates are verified when presented, bearer keys work without one.
    bool require_client_certificate = false;
    // Largest request accepted. Default 4 MiB.
    int max_message_bytes = 4 << 20;
    // Per-API-key request rate (token bucket); over it a call gets RESOURCE_EXHAUSTED
    // (RATE_LIMITED). Health checks are never limited.
    RateLimiter::Options rate_limit;
    // Event retention (storage/compaction.h): events older than event_retention are removed,
    // but the newest event_retention_min_revisions revisions are always kept. Checked every
    // compaction_interval. Defaults: 7 days, 100,000, 1 minute.
    absl::Duration event_retention = absl::Hours(24 * 7);
    int64_t event_retention_min_revisions = 100000;
    absl::Duration compaction_interval = absl::Minutes(1);
    // Optional. Ed25519 private key (PEM) that signs audit checkpoints; must lie outside
    // data_dir. Without it AuditService answers everything but GetCheckpoint
    // (FAILED_PRECONDITION).
    std::string audit_signing_key_file;
    // Names the audit log in its checkpoints. Default "fangxin.yancheng/audit".
    std::string audit_origin = "fangxin.yancheng/audit";
    // Time source for the registry and the rules. Not owned. Default: the real clock.
    Clock* clock = Clock::Real();
  };

  explicit Server(Options options);
  ~Server();

  // Opens the registry, loads divisions, creates the first admin key when the registry has none
  // (writing its token to <data_dir>/admin.key, mode 0600), and starts serving. Fails with
  // INVALID_ARGUMENT for bad options and UNAVAILABLE if the address cannot be bound.
  absl::Status Start();

  // Stops taking calls, lets calls in flight finish until `deadline` (then cancels them),
  // drains the commit queue and closes the registry. Idempotent. Thread-safe.
  void Shutdown(absl::Duration deadline = absl::Seconds(10));

  // The bound port, after Start.
  int port() const;
  // The admin token written on first start, or "" if the registry already had keys.
  const std::string& bootstrap_admin_token() const;
  // The registry, after Start (for in-process tests and tools).
  storage::Registry* registry();

 private:
  struct State;
  Options options_;
  std::unique_ptr<State> state_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SERVER_SERVER_H_
