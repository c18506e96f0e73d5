#ifndef FANGXIN_SERVICES_COMMON_PAGE_TOKEN_H_
#define FANGXIN_SERVICES_COMMON_PAGE_TOKEN_H_

// Page tokens and request digests.
//
// A page token carries where a listing stopped (the last storage key), the revision it started
// at, and a digest of the filter it was issued for. Clients must treat it as opaque; the server
// must not trust it, since a forged last_key or revision would let a caller page through data
// the filter does not select. So a token is signed:
//   token = base64url_nopad(payload ‖ HMAC-SHA256(secret, payload))
// where payload is the deterministic serialization of fangxin.storage.v1.PageTokenPayload.
// It is not encrypted: the last key is a resource name the caller has already seen.
//
// Thread-safety: PageTokenCodec is immutable after construction; the digest functions are
// pure. All may be called from any thread.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fangxin/storage/v1/records.pb.h"
#include "google/protobuf/message.h"

namespace fangxin {

class PageTokenCodec {
 public:
  // `secret` keys the HMAC. Use at least 32 random bytes, kept with the data directory so
  // tokens survive a restart; every replica serving the same registry needs the same secret.
  explicit PageTokenCodec(std::string secret);

  // The token for `payload`. Never empty.
  std::string Encode(const storage::v1::PageTokenPayload& payload) const;

  // The payload of a token Encode issued, if it was issued for `expected_filter_digest` (the
  // FilterDigest of the current request). INVALID_ARGUMENT on field `page_token`:
  //   "is malformed or was not issued by this server"  bad base64, too short, wrong MAC,
  //       unparsable payload (an empty token included: callers test for "no token" first)
  //   "was issued for a different filter"  a valid token reused with other filters
  absl::StatusOr<storage::v1::PageTokenPayload> Decode(
      absl::string_view token, absl::string_view expected_filter_digest) const;

 private:
  const std::string secret_;
};

// SHA-256 (32 raw bytes) identifying what a List request selects: the message's full type name
// and the deterministic serialization of a copy with the fields named `page_size` and
// `page_token` cleared. Equal for every page of one listing; different when any filter differs,
// and between request types (so a ListAreas token is no good for ListStores).
std::string FilterDigest(const google::protobuf::Message& list_request);

// SHA-256 (32 raw bytes) of the message's full type name and the deterministic serialization
// of a copy with the field named `request_id` cleared: what a mutation asks for, so a retry
// (same digest) can be told from a request id reused for a different request.
std::string RequestDigest(const google::protobuf::Message& request);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_PAGE_TOKEN_H_
