#include "services/keys/key_authenticator.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "fangxin/v1/resources.pb.h"
#include "services/keys/api_token.h"
#include "services/schema/fangxin_schema.h"

namespace fangxin {
namespace {

// Far more keys than a city issues; reaching it only empties the memory.
constexpr size_t kMaxCachedKeys = 10000;
// Events taken from the watch per Next call.
constexpr int kWatchBatch = 1000;

absl::StatusOr<Principal> PrincipalOf(const std::string& name, const v1::ApiKey& key) {
  if (key.state() != v1::API_KEY_STATE_ACTIVE) {
    return absl::UnauthenticatedError(absl::StrCat("API key ", name, " was revoked"));
  }
  Principal principal;
  principal.name = name;
  principal.role = key.role();
  principal.scopes.assign(key.scopes().begin(), key.scopes().end());
  return principal;
}

}  // namespace

KeyAuthenticator::KeyAuthenticator(storage::Registry* registry) : registry_(registry) {
  absl::MutexLock lock(&watch_mu_);
  storage::WatchFilter filter;
  filter.collections = {"apiKeys"};
  // From the next revision: nothing is remembered yet, so earlier changes do not matter.
  watch_ = registry_->Watch(registry_->CurrentRevision() + 1, std::move(filter),
                            [this] { OnKeysChanged(); });
  // on_ready runs only after a Next that found nothing, so take whatever is there now.
  DrainWatch();
}

KeyAuthenticator::~KeyAuthenticator() {
  // Destroying the watch waits for an OnKeysChanged in progress, which must not find it.
  std::unique_ptr<storage::EventWatch> watch;
  {
    absl::MutexLock lock(&watch_mu_);
    watch = std::move(watch_);
  }
  watch.reset();
}

void KeyAuthenticator::OnKeysChanged() {
  absl::MutexLock lock(&watch_mu_);
  if (watch_ != nullptr) DrainWatch();
}

void KeyAuthenticator::DrainWatch() {
  bool changed = false;
  bool ended = false;
  while (true) {
    absl::StatusOr<storage::EventBatch> batch = watch_->Next(kWatchBatch);
    if (!batch.ok()) {
      ended = true;
      break;
    }
    if (batch->events.empty()) break;
    changed = true;
  }
  if (!changed && !ended) return;
  absl::MutexLock cache_lock(&mu_);
  verified_.clear();
  ++generation_;
  if (ended) caching_ = false;
}

size_t KeyAuthenticator::cached_keys() const {
  absl::MutexLock lock(&mu_);
  return verified_.size();
}

absl::StatusOr<Principal> KeyAuthenticator::Authenticate(const CallCredentials& call) const {
  if (call.authorization.empty() && !call.certificate_name.empty()) {
    return AuthenticateCertificate(call.certificate_name);
  }
  if (call.authorization.empty()) {
    return absl::UnauthenticatedError(
        "missing credentials: send `authorization: Bearer fx_...` with an API key, or a client "
        "certificate bound to a key");
  }
  std::optional<ApiToken> token = ParseApiToken(call.authorization);
  if (!token) return absl::UnauthenticatedError("malformed API key: expected Bearer fx_<id>_<secret>");
  std::string name = absl::StrCat("apiKeys/", token->key_id);
  int64_t generation;
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = verified_.find(name);
    if (it != verified_.end() && ConstantTimeEquals(it->second.secret, token->secret)) {
      return it->second.principal;
    }
    generation = generation_;
  }
  auto stored = registry_->Get(name);
  // The same answer for an unknown key and a wrong secret, so keys cannot be enumerated.
  if (!stored.ok()) {
    if (absl::IsNotFound(stored.status())) return absl::UnauthenticatedError("unknown API key");
    return stored.status();
  }
  const auto& key = static_cast<const v1::ApiKey&>(**stored);
  if (!ConstantTimeEquals(Sha256Hex(token->secret), key.secret_sha256())) {
    return absl::UnauthenticatedError("unknown API key");
  }
  absl::StatusOr<Principal> principal = PrincipalOf(name, key);
  if (principal.ok()) {
    absl::MutexLock lock(&mu_);
    // A key change since the read above emptied the memory; what was read may be stale.
    if (caching_ && generation == generation_) {
      if (verified_.size() >= kMaxCachedKeys) verified_.clear();
      verified_[name] = VerifiedKey{std::string(token->secret), *principal};
    }
  }
  return principal;
}

absl::StatusOr<Principal> KeyAuthenticator::AuthenticateCertificate(
    absl::string_view certificate_name) const {
  // The TLS layer has verified the certificate against the client CA; the registry says which
  // key (role and scopes) that certificate stands for.
  auto name = registry_->LookupUnique(
      "apiKeys", {index::kClientCertificate, std::string(certificate_name), true});
  if (!name.ok()) return name.status();
  if (name->empty()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "client certificate '", certificate_name, "' is bound to no API key"));
  }
  auto stored = registry_->Get(*name);
  if (!stored.ok()) return stored.status();
  return PrincipalOf(*name, static_cast<const v1::ApiKey&>(**stored));
}

}  // namespace fangxin
