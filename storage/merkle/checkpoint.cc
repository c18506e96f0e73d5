#include "storage/merkle/checkpoint.h"

#include <openssl/evp.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace fangxin::storage::merkle {

std::string CheckpointText(absl::string_view origin, int64_t tree_size,
                           absl::string_view root_hash, int64_t unix_seconds) {
  return absl::StrCat(kCheckpointHeader, "\n", origin, "\n", tree_size, "\n",
                      absl::Base64Escape(root_hash), "\n", unix_seconds, "\n");
}

absl::Status VerifyEd25519(absl::string_view public_key, absl::string_view text,
                           absl::string_view signature) {
  if (public_key.size() != kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(
        absl::StrCat("public key is ", public_key.size(), " bytes, not 32"));
  }
  if (signature.size() != kEd25519SignatureSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("signature is ", signature.size(), " bytes, not 64"));
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                  reinterpret_cast<const unsigned char*>(public_key.data()),
                                  public_key.size()),
      &EVP_PKEY_free);
  if (key == nullptr) return absl::InvalidArgumentError("public key is not an Ed25519 key");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return absl::InternalError("cannot set up Ed25519 verification");
  }
  const int ok = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(text.data()), text.size());
  if (ok != 1) return absl::DataLossError("checkpoint signature does not verify");
  return absl::OkStatus();
}

}  // namespace fangxin::storage::merkle
