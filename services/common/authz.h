#ifndef FANGXIN_SERVICES_COMMON_AUTHZ_H_
#define FANGXIN_SERVICES_COMMON_AUTHZ_H_

// Who may do what. kAuthzTable below is the whole policy and its documentation: services name
// the Action and the Target a call touches, and Authorize answers from the table. A change of
// policy is a change of one row, reviewed in one place and checked by authz_test.cc, which
// spells out the expected answer for every action x role x in/out of scope.
//
// All functions are pure and thread-safe.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin {

// The caller, as authentication established it from the API key.
struct Principal {
  std::string name;  // `apiKeys/{id}`, for messages and the audit trail.
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::vector<std::string> scopes;  // As on the key; see ApiKey.scopes.
};

enum class Action {
  kReadPublic,  // Get/List of divisions, merchants, stores, areas (public fields).
  kCreateMerchant,
  kUpdateMerchant,
  kCloseMerchant,
  kWriteStore,  // Create, update, close and import stores.
  kCreateArea,
  kUpdateArea,
  kManageKeys,  // Create, get, list and revoke API keys.
  kFilePledge,  // Create, activate, amend, renew and withdraw pledges of a store.
  kRegulatePledge,  // Suspend, reinstate and revoke pledges.
  kIngestComplaint,  // Push complaints and their progress (12315/12345 intake).
  kReadComplaint,    // Get and list complaints about a store.
  kInspect,          // Plan spot checks and record inspections.
  kReadCompliance,   // Spot-check plans, inspections, violations, quarterly reports.
  kVerifyAudit,  // Audit checkpoints, inclusion and consistency proofs (hashes only).
  kReadAudit,    // Audit entries and resource histories (actors, methods, reasons).
  kManageProgrammes,       // Create and update certification programmes.
  kApplyForCertification,  // Submit an application for a unit.
  kReviewCertification,    // Score and decide applications, resolve objections, revoke
                           // certificates.
  kObjectToCertification,  // Lodge an objection during a public notice.
  kReadCertification,      // Applications in any state, EvaluateUnit (compliance figures).
  kImportCertificate,      // Record a certificate granted outside fangxin.
};

// What a call touches, as resource names; leave a field empty when it does not apply.
// For a store: its merchant, county division, township and area. For a merchant: itself and its
// county division. For an area: itself, its division and township. Services fill the fields
// from the stored resource (and, for a create or a move, from the new values as well: check
// both, so nobody moves a store out of their scope or into someone else's).
struct Target {
  std::string division;  // `divisions/{code}`, county level.
  std::string township;  // `divisions/{code}`, township level.
  std::string area;      // `areas/{id}`.
  std::string merchant;  // `merchants/{uscc}`.
};

// How a role stands towards an action.
enum class Grant {
  kNever,    // Refused whatever the target (ROLE_NOT_ALLOWED).
  kAlways,   // Allowed whatever the target.
  kInScope,  // Allowed when the target is in the principal's scopes (else OUT_OF_SCOPE):
             //   REGULATOR     no scopes: the whole city; with `divisions/{code}` scopes: when
             //                 target.division or target.township is one of them.
             //   AREA_MANAGER  target.area is one of its `areas/{id}` scopes.
             //   MERCHANT      target.merchant is its `merchants/{uscc}` scope.
};

struct AuthzRule {
  Action action;
  Grant admin;
  Grant regulator;
  Grant area_manager;
  Grant merchant;
  Grant city_system;
  Grant public_role;
};

// The policy. Notes on the less obvious cells:
// - Area managers may register any merchant (they sign up the shops in their mall) but write
//   stores only in their own areas, and may not change the merchant record afterwards.
// - City systems close merchants when the business-licence registry reports a closure.
// - Only admins manage keys; a district regulator cannot mint a city-wide key.
// - A pledge is the merchant's own commitment: its merchant or the manager of its area files it;
//   regulators judge it (suspend, reinstate, revoke) but never file one on a shop's behalf.
// - Complaints arrive only from the city's platforms (12315/12345, CITY_SYSTEM keys); a merchant
//   or area manager reads the complaints about its own stores, a regulator those in its scope.
// - Anyone may fetch audit checkpoints and proofs: they are hashes, and the more parties hold
//   checkpoints the harder the log is to rewrite. The entries themselves (who did what, why)
//   are for admins and every regulator: the log is one city-wide sequence, and a district
//   filter would hide the neighbouring entries a full recomputation needs.
// - Certification: a unit's merchant or area manager applies for it, and so does a regulator
//   for a division (the district government's application goes through its bureau). Only
//   regulators review. Programmes are city-wide, so only a regulator without scopes (and an
//   admin) may define them. Objections are open to every role, the public included: a public
//   notice exists to hear them, and a city front end relays a citizen's objection under its
//   PUBLIC key. Certificates, programmes and tiers are public (kReadPublic); applications
//   outside their notice period and evaluations show compliance figures (kReadCertification).
//   Importing certificates granted elsewhere is a migration task for admins.
inline constexpr AuthzRule kAuthzTable[] = {
    // clang-format off
    //  action                    ADMIN            REGULATOR        AREA_MANAGER     MERCHANT         CITY_SYSTEM     PUBLIC
    {Action::kReadPublic,     Grant::kAlways,  Grant::kAlways,  Grant::kAlways,  Grant::kAlways,  Grant::kAlways, Grant::kAlways},
    {Action::kCreateMerchant, Grant::kAlways,  Grant::kInScope, Grant::kAlways,  Grant::kInScope, Grant::kNever,  Grant::kNever},
    {Action::kUpdateMerchant, Grant::kAlways,  Grant::kInScope, Grant::kNever,   Grant::kInScope, Grant::kNever,  Grant::kNever},
    {Action::kCloseMerchant,  Grant::kAlways,  Grant::kInScope, Grant::kNever,   Grant::kInScope, Grant::kAlways, Grant::kNever},
    {Action::kWriteStore,     Grant::kAlways,  Grant::kInScope, Grant::kInScope, Grant::kInScope, Grant::kNever,  Grant::kNever},
    {Action::kCreateArea,     Grant::kAlways,  Grant::kInScope, Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kUpdateArea,     Grant::kAlways,  Grant::kInScope, Grant::kInScope, Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kManageKeys,     Grant::kAlways,  Grant::kNever,   Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kFilePledge,     Grant::kAlways,  Grant::kNever,   Grant::kInScope, Grant::kInScope, Grant::kNever,  Grant::kNever},
    {Action::kRegulatePledge, Grant::kAlways,  Grant::kInScope, Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kIngestComplaint, Grant::kAlways, Grant::kNever,   Grant::kNever,   Grant::kNever,   Grant::kAlways, Grant::kNever},
    {Action::kReadComplaint,  Grant::kAlways,  Grant::kInScope, Grant::kInScope, Grant::kInScope, Grant::kAlways, Grant::kNever},
    {Action::kInspect,        Grant::kAlways,  Grant::kInScope, Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kReadCompliance, Grant::kAlways,  Grant::kInScope, Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kVerifyAudit,    Grant::kAlways,  Grant::kAlways,  Grant::kAlways,  Grant::kAlways,  Grant::kAlways, Grant::kAlways},
    {Action::kReadAudit,      Grant::kAlways,  Grant::kAlways,  Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kManageProgrammes,       Grant::kAlways, Grant::kInScope, Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kApplyForCertification,  Grant::kAlways, Grant::kInScope, Grant::kInScope, Grant::kInScope, Grant::kNever,  Grant::kNever},
    {Action::kReviewCertification,    Grant::kAlways, Grant::kInScope, Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    {Action::kObjectToCertification,  Grant::kAlways, Grant::kAlways,  Grant::kAlways,  Grant::kAlways,  Grant::kAlways, Grant::kAlways},
    {Action::kReadCertification,      Grant::kAlways, Grant::kInScope, Grant::kInScope, Grant::kInScope, Grant::kAlways, Grant::kNever},
    {Action::kImportCertificate,      Grant::kAlways, Grant::kNever,   Grant::kNever,   Grant::kNever,   Grant::kNever,  Grant::kNever},
    // clang-format on
};

// The table's cell for (role, action); kNever for ROLE_UNSPECIFIED or an unknown role.
Grant GrantFor(v1::Role role, Action action);

// OK when `principal` may perform `action` on `target`; otherwise PERMISSION_DENIED with an
// ErrorInfo (domain fangxin.v1, metadata principal, role, action) whose reason is
//   ROLE_NOT_ALLOWED  "role REGULATOR may not manage keys"
//   OUT_OF_SCOPE      "apiKeys/k1 (role AREA_MANAGER) needs scope areas/wanda to write stores";
//                     metadata `required_scopes` lists the scopes that would allow it,
//                     comma-separated.
absl::Status Authorize(const Principal& principal, Action action, const Target& target);

// Whether the principal may see the merchant's contact data: admin, city system, a regulator
// whose scope covers the target (every regulator without scopes), and the merchant itself.
bool CanSeeContact(const Principal& principal, const Target& target);

// Clears what the public may not see (the contact). Use when !CanSeeContact.
void RedactForPublic(v1::Merchant* merchant);

// What the public role may not see of a pledge: which API key filed it (an internal
// identifier). Everything else of a pledge is its public commitment.
void RedactPledgeFor(const Principal& principal, v1::Pledge* pledge);

// "REGULATOR" for ROLE_REGULATOR, as roles appear in messages and the audit trail.
std::string RoleName(v1::Role role);
// "WRITE_STORE" for Action::kWriteStore: stable, for ErrorInfo metadata and logs.
absl::string_view ActionId(Action action);
// "write stores" for Action::kWriteStore: for messages.
absl::string_view ActionDescription(Action action);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_AUTHZ_H_
