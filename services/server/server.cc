#include "services/server/server.h"

#include <sys/stat.h>

#include <cstdio>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "services/audit/audit_core.h"
#include "services/audit/audit_service.h"
#include "services/audit/checkpoint_signer.h"
#include "services/certification/certificate_monitor.h"
#include "services/certification/certification_core.h"
#include "services/certification/certification_service.h"
#include "services/certification/certification_sweeper.h"
#include "services/common/division_directory.h"
#include "services/common/page_token.h"
#include "services/feed/event_service.h"
#include "services/feed/feed_core.h"
#include "services/keys/key_authenticator.h"
#include "services/keys/key_core.h"
#include "services/keys/key_service.h"
#include "services/merchant/merchant_core.h"
#include "services/merchant/merchant_service.h"
#include "services/compliance/compliance_core.h"
#include "services/compliance/compliance_service.h"
#include "services/compliance/compliance_sweeper.h"
#include "services/pledge/pledge_core.h"
#include "services/pledge/pledge_service.h"
#include "services/pledge/pledge_sweeper.h"
#include "services/schema/fangxin_schema.h"
#include "services/server/keys_file.h"
#include "services/server/private_files.h"
#include "services/server/rate_limiter.h"

namespace fangxin {

struct Server::State {
  std::unique_ptr<storage::Registry> registry;
  std::unique_ptr<DivisionDirectory> divisions;
  std::unique_ptr<PageTokenCodec> page_tokens;
  std::unique_ptr<KeyAuthenticator> authenticator;
  // Every service authenticates through this: the key check, then the key's rate limit.
  std::unique_ptr<RateLimiter> rate_limiter;
  std::unique_ptr<RateLimitedAuthenticator> call_authenticator;
  std::unique_ptr<KeyCore> key_core;
  std::unique_ptr<MerchantCore> merchant_core;
  std::unique_ptr<KeyService> key_service;
  std::unique_ptr<MerchantService> merchant_service;
  std::unique_ptr<PledgeCore> pledge_core;
  std::unique_ptr<PledgeService> pledge_service;
  std::unique_ptr<PledgeSweeper> pledge_sweeper;
  std::unique_ptr<WorkingCalendar> calendar;
  std::unique_ptr<ComplianceCore> compliance_core;
  std::unique_ptr<ComplianceService> compliance_service;
  std::unique_ptr<ComplianceSweeper> compliance_sweeper;
  std::unique_ptr<CertificationCore> certification_core;
  std::unique_ptr<CertificationService> certification_service;
  std::unique_ptr<CertificationSweeper> certification_sweeper;
  std::unique_ptr<CertificateMonitor> certificate_monitor;
  std::unique_ptr<FeedCore> feed_core;
  std::unique_ptr<EventService> event_service;
  std::unique_ptr<CheckpointSigner> checkpoint_signer;  // Null without a signing key.
  std::unique_ptr<AuditCore> audit_core;
  std::unique_ptr<AuditService> audit_service;
  std::unique_ptr<grpc::Server> grpc_server;
  int port = 0;
  std::string admin_token;

  absl::Mutex shutdown_mu;
  bool shut_down ABSL_GUARDED_BY(shutdown_mu) = false;
};

namespace {

bool IsLoopback(const std::string& address) {
  return absl::StartsWith(address, "127.") || absl::StartsWith(address, "localhost:") ||
         absl::StartsWith(address, "[::1]:");
}

void Log(const std::string& line) { std::fprintf(stderr, "fangxind: %s\n", line.c_str()); }

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const Server::Options& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return InvalidFieldError("tls_cert_file", "TLS needs both a certificate and a key");
  }
  if (options.tls_cert_file.empty()) {
    if (!options.allow_plaintext) {
      return InvalidFieldError("tls_cert_file",
                               "is required: give --tls_cert_file and --tls_key_file, or ask for "
                               "plaintext on a loopback address with --plaintext");
    }
    if (!IsLoopback(options.listen)) {
      return InvalidFieldError("listen",
                               "plaintext is only allowed on a loopback address; give "
                               "--tls_cert_file and --tls_key_file");
    }
    return grpc::InsecureServerCredentials();
  }
  ASSIGN_OR_RETURN(std::string cert, ReadFileContents(options.tls_cert_file));
  ASSIGN_OR_RETURN(std::string key, ReadFileContents(options.tls_key_file));
  grpc::SslServerCredentialsOptions ssl(
      options.tls_client_ca_file.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
      : options.require_client_certificate
          ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
          : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_key_cert_pairs.push_back({key, cert});
  if (!options.tls_client_ca_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadFileContents(options.tls_client_ca_file));
  } else if (options.require_client_certificate) {
    return InvalidFieldError("require_client_certificate", "needs tls_client_ca_file");
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

Server::Server(Options options) : options_(std::move(options)), state_(new State) {}

Server::~Server() { Shutdown(absl::Seconds(5)); }

absl::Status Server::Start() {
  if (options_.data_dir.empty()) return InvalidFieldError("data_dir", "is required");
  if (options_.divisions_csv.empty()) return InvalidFieldError("divisions_csv", "is required");
  ASSIGN_OR_RETURN(auto credentials, Credentials(options_));
  ::mkdir(options_.data_dir.c_str(), 0700);

  ASSIGN_OR_RETURN(DivisionDirectory divisions, DivisionDirectory::LoadCsv(options_.divisions_csv));
  state_->divisions = std::make_unique<DivisionDirectory>(std::move(divisions));

  storage::RegistryOptions registry_options;
  registry_options.path = absl::StrCat(options_.data_dir, "/registry");
  registry_options.sync = options_.sync;
  registry_options.clock = options_.clock;
  registry_options.event_retention.retention = options_.event_retention;
  registry_options.event_retention.min_revisions = options_.event_retention_min_revisions;
  registry_options.compaction_interval = options_.compaction_interval;
  ASSIGN_OR_RETURN(state_->registry, storage::Registry::Open(registry_options, &FangxinSchema()));

  ASSIGN_OR_RETURN(std::string token_secret,
                   ReadOrCreateSecret(absl::StrCat(options_.data_dir, "/page_token.secret"), 32));
  state_->page_tokens = std::make_unique<PageTokenCodec>(token_secret);
  state_->authenticator = std::make_unique<KeyAuthenticator>(state_->registry.get());
  state_->rate_limiter = std::make_unique<RateLimiter>(options_.rate_limit, options_.clock);
  state_->call_authenticator = std::make_unique<RateLimitedAuthenticator>(
      state_->authenticator.get(), state_->rate_limiter.get());
  state_->key_core = std::make_unique<KeyCore>(state_->registry.get(), state_->divisions.get(),
                                               state_->page_tokens.get());
  state_->merchant_core = std::make_unique<MerchantCore>(
      state_->registry.get(), state_->divisions.get(), state_->page_tokens.get());

  ASSIGN_OR_RETURN(int synced, state_->merchant_core->SyncDivisions());
  if (synced > 0) Log(absl::StrCat("loaded ", synced, " divisions from ", options_.divisions_csv));
  if (!options_.keys_file.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadFileContents(options_.keys_file));
    ASSIGN_OR_RETURN(std::vector<v1::ApiKey> keys, ParseKeysFile(text));
    RETURN_IF_ERROR(ApplyKeys(*state_->registry, keys));
  }
  ASSIGN_OR_RETURN(state_->admin_token, state_->key_core->BootstrapAdminKey());
  if (!state_->admin_token.empty()) {
    const std::string path = absl::StrCat(options_.data_dir, "/admin.key");
    RETURN_IF_ERROR(WritePrivateFile(path, state_->admin_token + "\n"));
    Log(absl::StrCat("created the first admin API key; its token is in ", path, " (mode 0600)"));
  }

  state_->key_service =
      std::make_unique<KeyService>(state_->key_core.get(), state_->call_authenticator.get());
  state_->merchant_service =
      std::make_unique<MerchantService>(state_->merchant_core.get(),
                                        state_->call_authenticator.get());
  state_->pledge_core = std::make_unique<PledgeCore>(
      state_->registry.get(), state_->page_tokens.get(), options_.clock, PledgeCore::Options{});
  state_->pledge_service =
      std::make_unique<PledgeService>(state_->pledge_core.get(), state_->call_authenticator.get());
  state_->pledge_sweeper = std::make_unique<PledgeSweeper>(state_->registry.get(), options_.clock);

  if (options_.calendar_csv.empty()) {
    // Weekends only: the complaint limits then ignore public holidays.
    std::istringstream header("date,kind,name\n");
    ASSIGN_OR_RETURN(WorkingCalendar calendar, WorkingCalendar::Parse(header));
    state_->calendar = std::make_unique<WorkingCalendar>(std::move(calendar));
  } else {
    ASSIGN_OR_RETURN(WorkingCalendar calendar, WorkingCalendar::LoadFile(options_.calendar_csv));
    state_->calendar = std::make_unique<WorkingCalendar>(std::move(calendar));
  }
  state_->compliance_core = std::make_unique<ComplianceCore>(
      state_->registry.get(), state_->divisions.get(), state_->calendar.get(),
      state_->page_tokens.get(), options_.clock, ComplianceCore::Options{});
  state_->compliance_service = std::make_unique<ComplianceService>(
      state_->compliance_core.get(), state_->call_authenticator.get());
  state_->compliance_sweeper = std::make_unique<ComplianceSweeper>(
      state_->registry.get(), options_.clock, ComplianceCore::Options{}.violation_policy);

  // The on-time complaint rate of the certification criteria counts the same working days.
  CertificationCore::Options certification_options;
  certification_options.calendar = state_->calendar.get();
  state_->certification_core = std::make_unique<CertificationCore>(
      state_->registry.get(), state_->page_tokens.get(), options_.clock,
      std::move(certification_options));
  state_->certification_service = std::make_unique<CertificationService>(
      state_->certification_core.get(), state_->call_authenticator.get());
  state_->certification_sweeper = std::make_unique<CertificationSweeper>(
      state_->registry.get(), state_->calendar.get(), options_.clock);
  state_->certificate_monitor = std::make_unique<CertificateMonitor>(
      state_->registry.get(), state_->calendar.get(), options_.clock,
      [](const std::string& line) { Log(absl::StrCat("certificate monitor: ", line)); });

  state_->feed_core = std::make_unique<FeedCore>(state_->registry.get(), state_->divisions.get(),
                                                 state_->page_tokens.get());
  state_->event_service =
      std::make_unique<EventService>(state_->feed_core.get(), state_->call_authenticator.get());

  if (!options_.audit_signing_key_file.empty()) {
    RETURN_IF_ERROR(CheckOutsideDirectory(options_.audit_signing_key_file, options_.data_dir));
    ASSIGN_OR_RETURN(state_->checkpoint_signer,
                     CheckpointSigner::FromPemFile(options_.audit_signing_key_file));
  }
  state_->audit_core = std::make_unique<AuditCore>(
      state_->registry.get(), state_->checkpoint_signer.get(), options_.clock,
      state_->page_tokens.get(), options_.audit_origin);
  state_->audit_service =
      std::make_unique<AuditService>(state_->audit_core.get(), state_->call_authenticator.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.listen, credentials, &state_->port);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.RegisterService(state_->merchant_service.get());
  builder.RegisterService(state_->key_service.get());
  builder.RegisterService(state_->pledge_service.get());
  builder.RegisterService(state_->compliance_service.get());
  builder.RegisterService(state_->certification_service.get());
  builder.RegisterService(state_->event_service.get());
  builder.RegisterService(state_->audit_service.get());
  state_->grpc_server = builder.BuildAndStart();
  if (state_->grpc_server == nullptr || state_->port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen));
  }
  state_->grpc_server->GetHealthCheckService()->SetServingStatus(true);
  // Expiry and withdrawals fall due at day granularity; a minute's delay is invisible.
  state_->pledge_sweeper->Start(absl::Minutes(1));
  state_->compliance_sweeper->Start(absl::Minutes(1));
  state_->certification_sweeper->Start(absl::Minutes(1));
  state_->certificate_monitor->Start();
  Log(absl::StrCat("serving on ", options_.listen.substr(0, options_.listen.rfind(':')), ":",
                   state_->port, " at revision ", state_->registry->CurrentRevision()));
  return absl::OkStatus();
}

void Server::Shutdown(absl::Duration deadline) {
  {
    absl::MutexLock lock(&state_->shutdown_mu);
    if (state_->shut_down) return;
    state_->shut_down = true;
  }
  if (state_->grpc_server != nullptr) {
    state_->grpc_server->GetHealthCheckService()->SetServingStatus(false);
    // Watch streams never end by themselves: end them (UNAVAILABLE, so clients resume
    // elsewhere) rather than let them hold the shutdown to its deadline.
    state_->registry->CloseWatches();
    state_->grpc_server->Shutdown(absl::ToChronoTime(absl::Now() + deadline));
    state_->grpc_server->Wait();
  }
  // The sweeper commits; stop it before the registry goes.
  if (state_->pledge_sweeper != nullptr) state_->pledge_sweeper->Stop();
  if (state_->compliance_sweeper != nullptr) state_->compliance_sweeper->Stop();
  if (state_->certification_sweeper != nullptr) state_->certification_sweeper->Stop();
  // The monitor's feed watch must go before the registry does.
  if (state_->certificate_monitor != nullptr) state_->certificate_monitor->Stop();
  // So must the key authenticator's watch (of key changes); no call is served any more.
  state_->call_authenticator.reset();
  state_->authenticator.reset();
  // The registry drains its commit queue before closing, so every acknowledged write is durable.
  state_->registry.reset();
}

int Server::port() const { return state_->port; }
const std::string& Server::bootstrap_admin_token() const { return state_->admin_token; }
storage::Registry* Server::registry() { return state_->registry.get(); }

}  // namespace fangxin
