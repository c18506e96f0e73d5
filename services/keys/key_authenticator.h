#ifndef FANGXIN_SERVICES_KEYS_KEY_AUTHENTICATOR_H_
#define FANGXIN_SERVICES_KEYS_KEY_AUTHENTICATOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/support/authenticator.h"
#include "storage/registry.h"

namespace fangxin {

// Authenticates bearer tokens, or verified client certificates bound to a key (mutual TLS),
// against the API keys stored in the registry.
//
// A bearer key verified once is remembered (its secret and principal), so that later calls
// cost a hash-map lookup and a constant-time compare instead of a registry read and a SHA-256
// (a quarter of a point read's server time). The memory is emptied by a watch on the apiKeys
// collection whenever any key changes; the watch runs on the committer's thread before the
// change's commit is acknowledged, so a revocation takes effect on the next call. If the watch
// ends (the registry is closing), every call reads the registry again.
// Thread-safe.
class KeyAuthenticator final : public Authenticator {
 public:
  // `registry` is not owned and must outlive this object.
  explicit KeyAuthenticator(storage::Registry* registry);
  ~KeyAuthenticator() override;

  absl::StatusOr<Principal> Authenticate(const CallCredentials& call) const override;

  // Verified keys remembered now; for tests.
  size_t cached_keys() const;

 private:
  struct VerifiedKey {
    std::string secret;  // The secret the key was verified with.
    Principal principal;
  };

  absl::StatusOr<Principal> AuthenticateCertificate(absl::string_view certificate_name) const;
  // Takes the watch's events; forgets every verified key if one of them changed a key.
  void OnKeysChanged();
  // Takes every ready event; empties verified_ if there were any, or if the watch ended.
  void DrainWatch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(watch_mu_);

  storage::Registry* const registry_;

  mutable absl::Mutex mu_;
  // Key name (`apiKeys/{id}`) -> what verified it. Bounded by kMaxCachedKeys.
  mutable absl::flat_hash_map<std::string, VerifiedKey> verified_ ABSL_GUARDED_BY(mu_);
  // Bumped whenever verified_ is emptied by a key change, so that a call which read a key
  // before the change does not remember it after.
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  bool caching_ ABSL_GUARDED_BY(mu_) = true;

  // Serializes OnKeysChanged with setting up and tearing down watch_.
  absl::Mutex watch_mu_;
  std::unique_ptr<storage::EventWatch> watch_ ABSL_GUARDED_BY(watch_mu_);
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_KEYS_KEY_AUTHENTICATOR_H_
