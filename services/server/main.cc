// fangxind: the fangxin server. Turns flags into Server::Options, starts, waits for SIGINT or
// SIGTERM, and shuts down within a deadline.

#include <pthread.h>
#include <signal.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/server/server.h"

ABSL_FLAG(std::string, data_dir, "./var/data", "Directory of the registry and server files.");
ABSL_FLAG(std::string, listen, "127.0.0.1:7443", "gRPC listen address (host:port).");
ABSL_FLAG(std::string, divisions, "deploy/data/yancheng-divisions.csv",
          "CSV of administrative divisions.");
ABSL_FLAG(std::string, calendar, "",
          "CSV of public holidays and adjusted working days for the complaint time limits, e.g. "
          "deploy/data/calendar-cn-2025-2026.csv; empty: weekends only.");
ABSL_FLAG(std::string, sync, "group",
          "Commit durability: group (one fsync per group of concurrent commits), each (one fsync "
          "per commit), none (no fsync: survives a process crash, not a power loss).");
ABSL_FLAG(std::string, keys_file, "", "Optional file of API keys (hashes) to install at start.");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate chain; enables TLS.");
ABSL_FLAG(bool, plaintext, false,
          "Serve without TLS (only on a loopback address). Without it fangxind needs "
          "--tls_cert_file and --tls_key_file.");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of the certificate.");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA of client certificates (mutual TLS); a certificate bound to an API key "
          "authenticates as that key.");
ABSL_FLAG(bool, require_client_certificate, false,
          "With --tls_client_ca_file: refuse clients without a valid certificate.");
ABSL_FLAG(absl::Duration, event_retention, absl::Hours(24 * 7),
          "How long events are kept for WatchEvents/ListEvents (e.g. 168h).");
ABSL_FLAG(int64_t, event_retention_min_revisions, 100000,
          "The newest this many revisions' events are always kept, however old.");
ABSL_FLAG(absl::Duration, compaction_interval, absl::Minutes(1),
          "How often the committer applies the event retention.");
ABSL_FLAG(std::string, audit_signing_key, "",
          "Ed25519 private key (PEM, openssl genpkey -algorithm ed25519) that signs audit "
          "checkpoints; must be outside --data_dir.");
ABSL_FLAG(std::string, audit_origin, "fangxin.yancheng/audit",
          "Name of the audit log in its signed checkpoints.");
ABSL_FLAG(double, rate_limit, 200,
          "Sustained requests per second per API key (0: unlimited); over it, RESOURCE_EXHAUSTED.");
ABSL_FLAG(double, rate_burst, 400, "Requests an idle API key may make at once.");
ABSL_FLAG(int, shutdown_seconds, 10, "How long calls in flight may run after a stop signal.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("fangxind: the fangxin registry and compliance server");
  absl::ParseCommandLine(argc, argv);
  // Debian's abseil is built with assertions, which turns on the lock-order graph that every
  // Mutex acquisition updates (about 3% of a watch fan-out's CPU). The tests keep it on, to catch
  // lock-order bugs; the server does not need to pay for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Signals are taken synchronously by this thread; block them before any other thread starts so
  // gRPC's and RocksDB's threads never receive them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  fangxin::Server::Options options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.listen = absl::GetFlag(FLAGS_listen);
  options.divisions_csv = absl::GetFlag(FLAGS_divisions);
  options.calendar_csv = absl::GetFlag(FLAGS_calendar);
  options.keys_file = absl::GetFlag(FLAGS_keys_file);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  options.allow_plaintext = absl::GetFlag(FLAGS_plaintext);
  options.require_client_certificate = absl::GetFlag(FLAGS_require_client_certificate);
  options.event_retention = absl::GetFlag(FLAGS_event_retention);
  options.event_retention_min_revisions = absl::GetFlag(FLAGS_event_retention_min_revisions);
  options.compaction_interval = absl::GetFlag(FLAGS_compaction_interval);
  options.audit_signing_key_file = absl::GetFlag(FLAGS_audit_signing_key);
  options.audit_origin = absl::GetFlag(FLAGS_audit_origin);
  options.rate_limit.requests_per_second = absl::GetFlag(FLAGS_rate_limit);
  options.rate_limit.burst = absl::GetFlag(FLAGS_rate_burst);
  const std::string sync = absl::GetFlag(FLAGS_sync);
  if (sync == "group") {
    options.sync = fangxin::storage::SyncPolicy::kGroup;
  } else if (sync == "each") {
    options.sync = fangxin::storage::SyncPolicy::kEach;
  } else if (sync == "none") {
    options.sync = fangxin::storage::SyncPolicy::kNone;
  } else {
    std::fprintf(stderr, "fangxind: --sync must be group, each or none, not '%s'\n", sync.c_str());
    return 2;
  }

  fangxin::Server server(options);
  absl::Status started = server.Start();
  if (!started.ok()) {
    std::fprintf(stderr, "fangxind: cannot start: %s\n", started.ToString().c_str());
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "fangxind: %s received, stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.Shutdown(absl::Seconds(absl::GetFlag(FLAGS_shutdown_seconds)));
  std::fprintf(stderr, "fangxind: stopped\n");
  return 0;
}
