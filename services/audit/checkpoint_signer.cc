#include "services/audit/checkpoint_signer.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace fangxin {

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::FromPemFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read signing key ", path));
  std::stringstream pem;
  pem << in.rdbuf();
  absl::StatusOr<std::unique_ptr<CheckpointSigner>> signer = FromPem(pem.str());
  if (!signer.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", signer.status().message()));
  }
  return signer;
}

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::FromPem(
    absl::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (bio == nullptr) return absl::InternalError("cannot allocate a BIO");
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM private key");
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    return absl::InvalidArgumentError("not an Ed25519 key (use openssl genpkey -algorithm ed25519)");
  }
  std::string public_key(32, '\0');
  size_t length = public_key.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(public_key.data()),
                                  &length) != 1 ||
      length != public_key.size()) {
    EVP_PKEY_free(key);
    return absl::InternalError("cannot read the Ed25519 public key");
  }
  return std::unique_ptr<CheckpointSigner>(new CheckpointSigner(key, std::move(public_key)));
}

absl::Status CheckOutsideDirectory(const std::string& file, const std::string& dir) {
  std::error_code ignored;
  const std::filesystem::path f = std::filesystem::weakly_canonical(file, ignored);
  const std::filesystem::path d = std::filesystem::weakly_canonical(dir, ignored);
  auto [d_end, f_it] = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
  if (d_end == d.end()) {
    return InvalidFieldError("audit_signing_key_file",
                             absl::StrCat(file, " lies inside the data directory ", dir,
                                          "; keep the signing key elsewhere"));
  }
  return absl::OkStatus();
}

CheckpointSigner::~CheckpointSigner() { EVP_PKEY_free(key_); }

absl::StatusOr<std::string> CheckpointSigner::Sign(absl::string_view text) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  if (ctx == nullptr || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_) != 1) {
    return absl::InternalError("cannot set up Ed25519 signing");
  }
  std::string signature(64, '\0');
  size_t length = signature.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1 ||
      length != signature.size()) {
    return absl::InternalError("Ed25519 signing failed");
  }
  return signature;
}

}  // namespace fangxin
