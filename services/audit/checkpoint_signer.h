#ifndef FANGXIN_SERVICES_AUDIT_CHECKPOINT_SIGNER_H_
#define FANGXIN_SERVICES_AUDIT_CHECKPOINT_SIGNER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace fangxin {

// Signs audit checkpoints with an Ed25519 private key (OpenSSL EVP). The key comes from a PEM
// file made by `openssl genpkey -algorithm ed25519`, kept outside the data directory so that
// whoever can rewrite the database cannot also sign a rewritten tree.
//
// Immutable after construction; Sign is thread-safe (one digest context per call).
class CheckpointSigner {
 public:
  // INVALID_ARGUMENT when the file is unreadable or not an Ed25519 private key in PEM.
  static absl::StatusOr<std::unique_ptr<CheckpointSigner>> FromPemFile(const std::string& path);
  static absl::StatusOr<std::unique_ptr<CheckpointSigner>> FromPem(absl::string_view pem);

  ~CheckpointSigner();
  CheckpointSigner(const CheckpointSigner&) = delete;
  CheckpointSigner& operator=(const CheckpointSigner&) = delete;

  // The raw 32-byte public key.
  const std::string& public_key() const { return public_key_; }

  // The 64-byte Ed25519 signature of `text`.
  absl::StatusOr<std::string> Sign(absl::string_view text) const;

 private:
  CheckpointSigner(EVP_PKEY* key, std::string public_key)
      : key_(key), public_key_(std::move(public_key)) {}

  EVP_PKEY* const key_;  // Owned.
  const std::string public_key_;
};

// OK when `file` does not lie under `dir` (after resolving symlinks and ".."): the signing key
// must not be readable by whoever holds only the data directory. INVALID_ARGUMENT otherwise.
absl::Status CheckOutsideDirectory(const std::string& file, const std::string& dir);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_AUDIT_CHECKPOINT_SIGNER_H_
