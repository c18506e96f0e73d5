#ifndef FANGXIN_SERVICES_SUPPORT_MUTATION_H_
#define FANGXIN_SERVICES_SUPPORT_MUTATION_H_

// Plumbing every service core uses to turn a validated, authorized request into one commit and
// to answer it: building the change set, replaying a retried request, converting the commit
// result into the response.

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "services/common/authz.h"
#include "storage/registry.h"
#include "storage/resource_meta.h"

namespace fangxin {

// How a service core answers an asynchronous call. Runs exactly once, possibly on the
// registry's reply thread (one thread, in commit order), so it must not block.
template <typename T>
using Reply = std::function<void(absl::StatusOr<T>)>;

// A change set attributed to `principal`, for `method`, carrying the request's id and digest
// (so a retry returns the first result and a reused id for another request is refused).
storage::ChangeSet NewChangeSet(const Principal& principal, const char* method,
                                const google::protobuf::Message& request,
                                const std::string& request_id);

// Parses an etag (the decimal mod_revision). INVALID_ARGUMENT naming `field` if it is empty or
// not a positive number.
absl::StatusOr<int64_t> ParseEtag(const std::string& etag, const char* field);

// Copies the fields named in `mask` from `source` to `dest`, replacing (not merging) messages
// and repeated fields, as an update of those fields means.
void ApplyUpdateMask(const google::protobuf::Message& source,
                     const google::protobuf::FieldMask& mask, google::protobuf::Message* dest);

// A random identifier for a new resource: 12 characters of [a-z0-9], starting with a letter.
std::string NewResourceId();

// The resource a replayed or fresh commit returns, as T.
template <typename T>
T FirstResource(const storage::CommitResult& result) {
  return static_cast<const T&>(*result.resources.front());
}

// A T as the bytes it is stored as (its deterministic serialization): the answer of a raw
// method, which sends them as the response without serializing again (ADR 0009).
template <typename T>
struct StoredBytes {
  std::string bytes;
};

// How a commit result answers as `Answer`: its first resource as a T, or as StoredBytes<T>.
// May take the result's bytes.
template <typename Answer>
struct CommitAnswer {
  static Answer From(storage::CommitResult& result) { return FirstResource<Answer>(result); }
};
template <typename T>
struct CommitAnswer<StoredBytes<T>> {
  static StoredBytes<T> From(storage::CommitResult& result) {
    StoredBytes<T> answer;
    if (!result.first_stored.empty()) {
      answer.bytes = std::move(result.first_stored);
    } else {
      storage::SerializeDeterministic(*result.resources.front(), &answer.bytes);
    }
    return answer;
  }
};

// If `change.request_id` was already committed by the same principal, answers with the first
// result (or REQUEST_ID_REUSED) and returns true. Checked before validation against current
// state, because a retried update would otherwise fail on its now-stale etag.
template <typename T>
bool ReplayIfCommitted(storage::Registry& registry, const storage::ChangeSet& change,
                       const Reply<T>& reply) {
  if (change.request_id.empty()) return false;
  auto found = registry.LookupRequest(change.actor.principal, change.request_id,
                                      change.request_digest);
  if (!found.ok()) {
    reply(found.status());
    return true;
  }
  if (!found->has_value()) return false;
  reply(CommitAnswer<T>::From(**found));
  return true;
}

// Commits `change` and answers with its first resource as T (or StoredBytes of it).
template <typename T>
void CommitAndReply(storage::Registry& registry, storage::ChangeSet change, Reply<T> reply) {
  registry.Commit(std::move(change),
                  [reply = std::move(reply)](absl::StatusOr<storage::CommitResult> result) {
                    if (!result.ok()) {
                      reply(result.status());
                      return;
                    }
                    reply(CommitAnswer<T>::From(*result));
                  });
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_MUTATION_H_
