#include "services/common/page_token.h"

#include <string>

#include "common/errors.h"
#include "fangxin/v1/merchant_service.pb.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

using storage::v1::PageTokenPayload;

class PageTokenTest : public ::testing::Test {
 protected:
  PageTokenTest() : codec_(std::string(32, 'k')) {
    v1::ListStoresRequest request;
    request.set_division("divisions/320902");
    request.set_area("areas/wanda");
    filter_ = FilterDigest(request);
    payload_.set_filter_digest(filter_);
    payload_.set_last_key("stores/91110000600037341L/s1");
    payload_.set_read_revision(12345);
  }

  // Asserts `status` is INVALID_ARGUMENT on page_token with `rule`.
  static void ExpectPageTokenError(const absl::Status& status, const std::string& rule) {
    ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    auto violations = FieldViolationsOf(status);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].field, "page_token");
    EXPECT_EQ(violations[0].description, rule);
  }

  static constexpr char kMalformed[] = "is malformed or was not issued by this server";

  PageTokenCodec codec_;
  std::string filter_;
  PageTokenPayload payload_;
};

TEST_F(PageTokenTest, RoundTrip) {
  std::string token = codec_.Encode(payload_);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << "URL-safe, unpadded: " << token;
  auto decoded = codec_.Decode(token, filter_);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->filter_digest(), filter_);
  EXPECT_EQ(decoded->last_key(), "stores/91110000600037341L/s1");
  EXPECT_EQ(decoded->read_revision(), 12345);
  EXPECT_EQ(codec_.Encode(payload_), token) << "encoding is deterministic";
}

TEST_F(PageTokenTest, EmptyPayloadRoundTrips) {
  std::string token = codec_.Encode(PageTokenPayload());
  EXPECT_FALSE(token.empty());
  auto decoded = codec_.Decode(token, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->read_revision(), 0);
}

TEST_F(PageTokenTest, EveryBitFlipIsRejected) {
  std::string token = codec_.Encode(payload_);
  for (size_t i = 0; i < token.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string forged = token;
      forged[i] = static_cast<char>(forged[i] ^ (1 << bit));
      auto decoded = codec_.Decode(forged, filter_);
      EXPECT_FALSE(decoded.ok()) << "byte " << i << " bit " << bit;
      if (!decoded.ok()) ExpectPageTokenError(decoded.status(), kMalformed);
    }
  }
}

TEST_F(PageTokenTest, EveryTruncationAndExtensionIsRejected) {
  std::string token = codec_.Encode(payload_);
  for (size_t n = 0; n < token.size(); ++n) {
    ExpectPageTokenError(codec_.Decode(token.substr(0, n), filter_).status(), kMalformed);
  }
  for (const char* suffix : {"A", "=", "==", "\n", " "}) {
    ExpectPageTokenError(codec_.Decode(token + suffix, filter_).status(), kMalformed);
  }
}

TEST_F(PageTokenTest, TokenFromAnotherSecretIsRejected) {
  PageTokenCodec other(std::string(32, 'x'));
  ExpectPageTokenError(other.Decode(codec_.Encode(payload_), filter_).status(), kMalformed);
}

TEST_F(PageTokenTest, ForgedPayloadWithoutTheSecretIsRejected) {
  // A client re-encodes a modified payload with a MAC it cannot compute.
  PageTokenPayload forged = payload_;
  forged.set_read_revision(1);
  PageTokenCodec guess("");
  ExpectPageTokenError(codec_.Decode(guess.Encode(forged), filter_).status(), kMalformed);
}

TEST_F(PageTokenTest, GarbageIsRejected) {
  for (const char* garbage : {"", "!!!!", "abc", "not a token", "AAAA", "%2F"}) {
    ExpectPageTokenError(codec_.Decode(garbage, filter_).status(), kMalformed);
  }
}

TEST_F(PageTokenTest, DifferentFilterIsRejected) {
  v1::ListStoresRequest other;
  other.set_division("divisions/320903");
  other.set_area("areas/wanda");
  ExpectPageTokenError(codec_.Decode(codec_.Encode(payload_), FilterDigest(other)).status(),
                       "was issued for a different filter");
}

TEST(FilterDigestTest, IgnoresPagingAndSeesEveryFilter) {
  v1::ListStoresRequest base;
  base.set_division("divisions/320902");
  base.set_state(v1::STORE_STATE_OPEN);
  const std::string digest = FilterDigest(base);
  EXPECT_EQ(digest.size(), 32u);

  v1::ListStoresRequest paged = base;
  paged.set_page_size(7);
  paged.set_page_token("abc");
  EXPECT_EQ(FilterDigest(paged), digest);

  for (int field = 0; field < 5; ++field) {
    v1::ListStoresRequest changed = base;
    switch (field) {
      case 0:
        changed.set_merchant("merchants/91110000600037341L");
        break;
      case 1:
        changed.set_division("divisions/320903");
        break;
      case 2:
        changed.set_area("areas/wanda");
        break;
      case 3:
        changed.set_state(v1::STORE_STATE_CLOSED);
        break;
      case 4:
        changed.set_industry("catering");
        break;
    }
    EXPECT_NE(FilterDigest(changed), digest) << "field " << field;
  }
}

TEST(FilterDigestTest, DiffersBetweenRequestTypes) {
  // Both serialize to zero bytes; the type name tells them apart.
  EXPECT_NE(FilterDigest(v1::ListAreasRequest()), FilterDigest(v1::ListMerchantsRequest()));
}

TEST(RequestDigestTest, IgnoresRequestIdOnly) {
  v1::CloseStoreRequest a;
  a.set_name("merchants/91110000600037341L/stores/s1");
  a.set_etag("7");
  a.set_reason("moved");
  a.set_request_id("r1");
  v1::CloseStoreRequest b = a;
  b.set_request_id("r2");
  EXPECT_EQ(RequestDigest(a), RequestDigest(b));
  EXPECT_EQ(RequestDigest(a).size(), 32u);
  b.set_reason("moved out");
  EXPECT_NE(RequestDigest(a), RequestDigest(b));
}

TEST(RequestDigestTest, IsDeterministicForMaps) {
  // Map entries serialize in an unspecified order unless serialization is deterministic.
  google::rpc::ErrorInfo forward, backward;
  for (char c = 'a'; c <= 'z'; ++c) (*forward.mutable_metadata())[std::string(1, c)] = "v";
  for (char c = 'z'; c >= 'a'; --c) (*backward.mutable_metadata())[std::string(1, c)] = "v";
  EXPECT_EQ(RequestDigest(forward), RequestDigest(backward));
  EXPECT_EQ(FilterDigest(forward), FilterDigest(backward));
}

}  // namespace
}  // namespace fangxin
