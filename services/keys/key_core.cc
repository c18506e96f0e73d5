#include "services/keys/key_core.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "services/common/validation.h"
#include "services/keys/api_token.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kCreateKey[] = "/fangxin.v1.KeyService/CreateKey";
constexpr char kRevokeKey[] = "/fangxin.v1.KeyService/RevokeKey";

absl::StatusOr<v1::ApiKey> ReadKey(storage::Registry& registry, const std::string& name) {
  ASSIGN_OR_RETURN(auto stored, registry.Get(name));
  return static_cast<const v1::ApiKey&>(*stored);
}

}  // namespace

v1::ApiKey PublicView(v1::ApiKey key) {
  key.clear_secret_sha256();
  return key;
}

void KeyCore::CreateKey(const Principal& caller, const v1::CreateKeyRequest& request,
                        Reply<v1::CreateKeyResponse> reply) {
  FieldViolations violations;
  ValidateApiKeyForCreate(request, *divisions_, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  if (absl::Status s = Authorize(caller, Action::kManageKeys, Target{}); !s.ok()) return reply(s);

  storage::ChangeSet change = NewChangeSet(caller, kCreateKey, request, request.request_id());
  // A replay returns the key without its token: the secret is never stored, so it cannot be
  // shown twice. The caller creates another key if the first answer was lost.
  Reply<v1::ApiKey> replay = [reply](absl::StatusOr<v1::ApiKey> key) {
    if (!key.ok()) return reply(key.status());
    v1::CreateKeyResponse response;
    *response.mutable_key() = PublicView(*std::move(key));
    reply(std::move(response));
  };
  if (ReplayIfCommitted<v1::ApiKey>(*registry_, change, replay)) return;

  ApiToken token = NewApiToken(NewResourceId());
  auto key = std::make_shared<v1::ApiKey>(request.key());
  key->set_name(absl::StrCat("apiKeys/", token.key_id));
  key->set_state(v1::API_KEY_STATE_ACTIVE);
  key->set_secret_sha256(Sha256Hex(token.secret));
  change.writes.push_back({std::move(key), storage::Expect::kAbsent, 0});
  std::string formatted = FormatApiToken(token);
  CommitAndReply<v1::ApiKey>(
      *registry_, std::move(change),
      [reply, formatted](absl::StatusOr<v1::ApiKey> key) {
        if (!key.ok()) return reply(key.status());
        v1::CreateKeyResponse response;
        *response.mutable_key() = PublicView(*std::move(key));
        response.set_token(formatted);
        reply(std::move(response));
      });
}

absl::StatusOr<v1::ApiKey> KeyCore::GetKey(const Principal& caller,
                                           const v1::GetKeyRequest& request) {
  RETURN_IF_ERROR(ParseApiKeyName(request.name(), "name").status());
  RETURN_IF_ERROR(Authorize(caller, Action::kManageKeys, Target{}));
  ASSIGN_OR_RETURN(v1::ApiKey key, ReadKey(*registry_, request.name()));
  return PublicView(std::move(key));
}

absl::StatusOr<v1::ListKeysResponse> KeyCore::ListKeys(const Principal& caller,
                                                       const v1::ListKeysRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kManageKeys, Target{}));
  storage::ScanQuery query;
  query.collection = "apiKeys";
  query.value = "apiKeys/";
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListKeysResponse response;
  for (const auto& item : page.items) {
    *response.add_keys() = PublicView(static_cast<const v1::ApiKey&>(*item));
  }
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

void KeyCore::RevokeKey(const Principal& caller, const v1::RevokeKeyRequest& request,
                        Reply<v1::ApiKey> reply) {
  FieldViolations violations;
  if (!ParseApiKeyName(request.name(), "name").ok()) {
    violations.Add("name", "must be apiKeys/{key_id}");
  }
  ValidateReason(request.reason(), &violations);
  ValidateRequestId(request.request_id(), &violations);
  absl::StatusOr<int64_t> etag = ParseEtag(request.etag(), "etag");
  if (!etag.ok()) violations.Add("etag", std::string(etag.status().message()));
  if (!violations.empty()) return reply(violations.ToStatus());
  if (absl::Status s = Authorize(caller, Action::kManageKeys, Target{}); !s.ok()) return reply(s);

  storage::ChangeSet change = NewChangeSet(caller, kRevokeKey, request, request.request_id());
  Reply<v1::ApiKey> public_reply = [reply](absl::StatusOr<v1::ApiKey> key) {
    if (!key.ok()) return reply(key.status());
    reply(PublicView(*std::move(key)));
  };
  if (ReplayIfCommitted<v1::ApiKey>(*registry_, change, public_reply)) return;
  absl::StatusOr<v1::ApiKey> current = ReadKey(*registry_, request.name());
  if (!current.ok()) return reply(current.status());
  if (current->state() == v1::API_KEY_STATE_REVOKED) {
    return reply(ErrorWithReason(absl::StatusCode::kFailedPrecondition, "KEY_REVOKED",
                                 absl::StrCat(request.name(), " is already revoked")));
  }
  auto revoked = std::make_shared<v1::ApiKey>(*std::move(current));
  revoked->set_state(v1::API_KEY_STATE_REVOKED);
  change.reason = request.reason();
  change.writes.push_back({std::move(revoked), storage::Expect::kModRevision, *etag});
  CommitAndReply<v1::ApiKey>(*registry_, std::move(change), std::move(public_reply));
}

absl::StatusOr<std::string> KeyCore::BootstrapAdminKey() {
  storage::ScanQuery query;
  query.collection = "apiKeys";
  query.value = "apiKeys/";
  query.limit = 1;
  ASSIGN_OR_RETURN(storage::ScanResult existing, registry_->Scan(query));
  if (!existing.resources.empty()) return std::string();

  ApiToken token = NewApiToken(NewResourceId());
  auto key = std::make_shared<v1::ApiKey>();
  key->set_name(absl::StrCat("apiKeys/", token.key_id));
  key->set_display_name("bootstrap admin");
  key->set_role(v1::ROLE_ADMIN);
  key->set_state(v1::API_KEY_STATE_ACTIVE);
  key->set_secret_sha256(Sha256Hex(token.secret));
  storage::ChangeSet change;
  change.actor = {"system/bootstrap", v1::ROLE_ADMIN};
  change.method = "fangxind/BootstrapAdminKey";
  change.reason = "first start with an empty registry";
  change.writes.push_back({std::move(key), storage::Expect::kAbsent, 0});
  RETURN_IF_ERROR(registry_->CommitAndWait(std::move(change)).status());
  return FormatApiToken(token);
}

}  // namespace fangxin
