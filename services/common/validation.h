#ifndef FANGXIN_SERVICES_COMMON_VALIDATION_H_
#define FANGXIN_SERVICES_COMMON_VALIDATION_H_

// Field rules of the public API, in one place. Each Validate function appends one
// FieldViolation per broken rule to `*violations` — never stopping at the first — so a single
// INVALID_ARGUMENT (violations->ToStatus()) tells the caller everything to fix. A violation's
// `field` is the full path in the request (`merchant.contact.email`, `area.boundary[3]`,
// `update_mask.paths[0]`) and its `description` the rule, in words.
//
// Conventions, shared by every rule:
// - Text lengths count Unicode code points; text must be valid UTF-8 without control
//   characters (text.h). A required text must not be blank.
// - `path_prefix` is the path of the message being checked ("store", "stores[2]" ...); "" means
//   the request itself.
// - Output-only fields (name, state, etag of a resource, ...) are not checked: the commit path
//   overwrites them.
// - Rules that need the registry (does the merchant exist? is the area retired?) are not here;
//   these functions see only the request and the division directory.
//
// Resource-name parsers (ParseMerchantName, ParseStoreName, ...) are in names.h, included here.
// All functions are pure and thread-safe.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/errors.h"
#include "fangxin/v1/key_service.pb.h"
#include "fangxin/v1/merchant_service.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "services/common/division_directory.h"
#include "services/common/names.h"

namespace fangxin {

// ---- Controlled vocabularies and limits -----------------------------------------------------

// Store industry codes. An empty industry means kDefaultIndustry.
inline constexpr absl::string_view kIndustries[] = {
    "retail",          "catering",   "supermarket", "clothing",  "electronics",
    "home_appliances", "furniture",  "jewelry",     "cosmetics", "pharmacy",
    "books",           "automotive", "services",    "other"};
inline constexpr absl::string_view kDefaultIndustry = "retail";

bool IsKnownIndustry(absl::string_view industry);
// `industry`, or kDefaultIndustry when it is empty.
absl::string_view EffectiveIndustry(absl::string_view industry);

inline constexpr int32_t kDefaultPageSize = 50;
inline constexpr int32_t kMaxPageSize = 1000;
inline constexpr size_t kMaxRequestIdLength = 64;
inline constexpr size_t kMaxBoundaryPoints = 500;
inline constexpr size_t kMaxAreaManagers = 20;

// The update_mask paths each Update method accepts (see merchant_service.proto).
inline constexpr absl::string_view kMerchantUpdatePaths[] = {
    "legal_name", "kind", "representative", "registered_address", "division", "contact"};
inline constexpr absl::string_view kStoreUpdatePaths[] = {
    "display_name", "address", "division", "township", "area", "location", "industry"};
inline constexpr absl::string_view kAreaUpdatePaths[] = {"display_name", "kind",     "township",
                                                         "center",       "boundary", "managers"};

// ---- Resources ---------------------------------------------------------------------------------

// A merchant's client-settable fields:
//   uscc                valid credit code (uscc.h)
//   legal_name          1-200 characters
//   kind                optional; if set, must agree with the code (92... is an individual
//                       business, every other code an enterprise)
//   representative      0-100 characters
//   registered_address  0-300 characters
//   division            a known county-level division
//   contact             see ValidateContact
void ValidateMerchant(const v1::Merchant& merchant, absl::string_view path_prefix,
                      const DivisionDirectory& divisions, FieldViolations* violations);

// Contact: person 0-100 characters; phone empty or 5-20 of [0-9+- ] with a digit; email empty
// or local@domain (ASCII, at most 254 characters, a dotted domain of letters, digits and '-').
void ValidateContact(const v1::Contact& contact, absl::string_view path_prefix,
                     FieldViolations* violations);

// A store's client-settable fields:
//   display_name  1-200 characters
//   address       1-300 characters
//   division      a known county-level division
//   township      optional; a known township of `division`
//   area          optional; `areas/{area_id}` (existence is checked by the service)
//   location      required; see ValidateLatLng
//   industry      optional; one of kIndustries
void ValidateStore(const v1::Store& store, absl::string_view path_prefix,
                   const DivisionDirectory& divisions, FieldViolations* violations);

// An area's client-settable fields:
//   display_name  1-200 characters
//   kind          required
//   division      a known county-level division
//   township      optional; a known township of `division`
//   center        required; see ValidateLatLng
//   boundary      optional; 3 to 500 points, each a valid position (the polygon is closed
//                 implicitly; repeating the first point at the end is allowed)
//   managers      at most 20, each 1-100 characters
void ValidateArea(const v1::Area& area, absl::string_view path_prefix,
                  const DivisionDirectory& divisions, FieldViolations* violations);

// An API key's client-settable fields: display_name 1-200 characters; role set; scopes shaped
// by role, without repeats:
//   ADMIN, CITY_SYSTEM, PUBLIC  no scopes
//   REGULATOR      none (city-wide) or `divisions/{code}` of known county or township divisions
//   AREA_MANAGER   at least one `areas/{area_id}`
//   MERCHANT       exactly one `merchants/{uscc}` with a valid code
void ValidateApiKey(const v1::ApiKey& key, absl::string_view path_prefix,
                    const DivisionDirectory& divisions, FieldViolations* violations);

// A position: latitude -90..90, longitude -180..180, both finite, and not exactly (0, 0) —
// the value an unset position arrives as. Presence is the caller's rule (required fields
// check has_location() / has_center() themselves, as ValidateStore and ValidateArea do).
void ValidateLatLng(const v1::LatLng& position, absl::string_view path,
                    FieldViolations* violations);

// ---- Whole create requests ---------------------------------------------------------------------

// `merchant` present and valid (ValidateMerchant at "merchant"), request_id valid.
void ValidateMerchantForCreate(const v1::CreateMerchantRequest& request,
                               const DivisionDirectory& divisions, FieldViolations* violations);
// `parent` a valid merchant name, store_id empty or a valid id, `store` present and valid,
// request_id valid.
void ValidateStoreForCreate(const v1::CreateStoreRequest& request,
                            const DivisionDirectory& divisions, FieldViolations* violations);
// area_id empty or a valid id, `area` present and valid, request_id valid.
void ValidateAreaForCreate(const v1::CreateAreaRequest& request, const DivisionDirectory& divisions,
                           FieldViolations* violations);
// `key` present and valid, request_id valid.
void ValidateApiKeyForCreate(const v1::CreateKeyRequest& request,
                             const DivisionDirectory& divisions, FieldViolations* violations);

// ---- Request fields common to many methods ----------------------------------------------------

// `request_id`: optional; at most 64 characters of [A-Za-z0-9._-].
void ValidateRequestId(absl::string_view request_id, FieldViolations* violations);

// `page_size`: 0 means kDefaultPageSize; otherwise 1..kMaxPageSize. Returns the size to use
// (kDefaultPageSize when invalid, so a caller may carry on collecting violations).
int32_t ValidatePageSize(int32_t page_size, FieldViolations* violations);

// `reason`: 1-500 characters.
void ValidateReason(absl::string_view reason, FieldViolations* violations);

// `field` holds an etag: required, the decimal revision a read returned.
void ValidateEtag(absl::string_view etag, absl::string_view field, FieldViolations* violations);

// `field` holds a store_id / area_id / key id: 1-40 of [a-z0-9-], starting with a letter or
// digit (names.h IdProblem). Callers whose id is optional skip the call when it is empty.
void ValidateId(absl::string_view id, absl::string_view field, FieldViolations* violations);

// `update_mask`: at least one path, each exactly one of `allowed`. Sub-field paths
// ("contact.phone") are refused: a message field is replaced whole, which keeps the merged
// resource easy to validate. Violations at "update_mask" and "update_mask.paths[i]".
void ValidateUpdateMask(const google::protobuf::FieldMask& mask,
                        absl::Span<const absl::string_view> allowed, FieldViolations* violations);

// Appends the BadRequest violations carried by `status` (e.g. from ParseMerchantName) to
// `*violations`; a status without them is added under `field` with its message. No-op for OK.
void AddViolationsFrom(const absl::Status& status, absl::string_view field,
                       FieldViolations* violations);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_VALIDATION_H_
