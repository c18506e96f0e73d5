#include "storage/commit_builder.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "google/protobuf/timestamp.pb.h"
#include "storage/audit_history.h"
#include "storage/keys.h"
#include "storage/request_record.h"
#include "storage/resource_meta.h"
#include "storage/rocksdb_util.h"

namespace fangxin::storage {
namespace {

using google::protobuf::Message;

constexpr size_t kDigestBytes = 32;
constexpr size_t kMaxKnownModRevisions = 1 << 16;

bool ValidIndexName(absl::string_view index) {
  if (index.empty()) return false;
  return std::all_of(index.begin(), index.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

bool Contains(const std::vector<IndexEntry>& entries, const IndexEntry& entry) {
  return std::find(entries.begin(), entries.end(), entry) != entries.end();
}

absl::Status EtagMismatchError(const std::string& name, int64_t expected, int64_t stored) {
  return ErrorWithReason(
      absl::StatusCode::kAborted, "ETAG_MISMATCH",
      absl::StrCat("etag mismatch: expected ", expected, ", stored ", stored, " (", name, ")"),
      {{"resource", name},
       {"expected_etag", absl::StrCat(expected)},
       {"stored_etag", absl::StrCat(stored)}});
}

absl::Status UniqueConstraintError(absl::string_view collection, const IndexEntry& entry) {
  // The owner is left out on purpose: it may belong to another merchant.
  return ErrorWithReason(
      absl::StatusCode::kFailedPrecondition, "UNIQUE_CONSTRAINT",
      absl::StrCat(collection, " index ", entry.index, " value \"", entry.value,
                   "\" is already taken"),
      {{"collection", std::string(collection)}, {"index", entry.index}, {"value", entry.value}});
}

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* ts) {
  const int64_t seconds = absl::ToUnixSeconds(time);
  ts->set_seconds(seconds);
  ts->set_nanos(
      static_cast<int32_t>((time - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
}

}  // namespace

CommitBuilder::CommitBuilder(rocksdb::DB* db, const Catalog* catalog,
                             AuditTreeWriter* audit_tree)
    : db_(db), catalog_(catalog), audit_tree_(audit_tree), counters_(db) {}

void CommitBuilder::BeginGroup(int64_t next_revision, absl::Time commit_time) {
  // The committer moves past a group only once its batch is written: if the previous group's
  // revisions are used, its writes are in RocksDB; if not, the write failed and what RocksDB
  // holds is unknown.
  if (next_revision == next_revision_) {
    if (known_mod_revisions_.size() + resources_.size() > kMaxKnownModRevisions) {
      known_mod_revisions_.clear();
    }
    for (const auto& [name, staged] : resources_) known_mod_revisions_[name] = staged.mod_revision;
  } else {
    known_mod_revisions_.clear();
  }
  batch_.Clear();
  ready_ = &batch_;
  next_revision_ = first_revision_ = next_revision;
  commit_time_ = commit_time;
  if (audit_tree_ != nullptr) audit_tree_->BeginGroup(next_revision);
  resources_.clear();
  unique_owners_.clear();
  requests_.clear();
  counters_.BeginGroup();
  events_ = std::make_shared<CommittedEvents>();
  events_->first_revision = next_revision;
}

absl::StatusOr<CommitResult> CommitBuilder::Add(ChangeSet& change) {
  // A retry must get its first answer even if the change would now be refused (the create it
  // repeats would be ALREADY_EXISTS), so the request id is looked at before anything else.
  std::string request_key;
  if (!change.request_id.empty()) {
    request_key = keys::Request(change.actor.principal, change.request_id);
    auto staged = requests_.find(request_key);
    if (staged != requests_.end()) {
      if (staged->second.digest != change.request_digest) {
        return RequestIdReusedError(change.request_id);
      }
      CommitResult result;
      result.revision = staged->second.revision;
      result.resources.push_back(staged->second.resource);
      result.replayed = true;
      return result;
    }
    pinned_.Reset();
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(), request_key, &pinned_);
    if (s.ok()) {
      return ReplayFromRecord(View(pinned_), *catalog_, change.request_id, change.request_digest);
    }
    if (!s.IsNotFound()) return FromRocksDb(s, "reading a request record");
  }

  RETURN_IF_ERROR(Validate(change));
  RETURN_IF_ERROR(CheckPreconditions(change));
  RETURN_IF_ERROR(PlanIndexes(change));
  RETURN_IF_ERROR(CheckUnique(change));
  RETURN_IF_ERROR(PlanCounters(change));

  // Nothing below can fail: the change is accepted.
  const int64_t revision = next_revision_++;
  Stamp(change, revision);
  Stage(change, revision, request_key);

  CommitResult result;
  result.revision = revision;
  result.resources.reserve(change.writes.size());
  for (const ResourceWrite& w : change.writes) result.resources.push_back(w.resource);
  // Stage is done with the bytes (the batch, the event and the request record hold copies).
  result.first_stored = std::move(plans_[0].bytes);
  return result;
}

bool CommitBuilder::FinishGroup() {
  if (next_revision_ == first_revision_) return false;
  counters_.Flush(&batch_);
  batch_.Put(ToSlice(keys::kRevisionKey), keys::EncodeRevision(last_revision()));
  ready_ = sorter_.Sort(batch_, &sorted_) ? &sorted_ : &batch_;
  return true;
}

absl::Status CommitBuilder::Validate(const ChangeSet& change) {
  if (change.writes.empty()) return InvalidFieldError("writes", "at least one write is required");
  plans_.resize(change.writes.size());
  names_.clear();
  for (size_t i = 0; i < change.writes.size(); ++i) {
    const ResourceWrite& w = change.writes[i];
    if (w.resource == nullptr) {
      return InvalidFieldError(absl::StrCat("writes[", i, "].resource"), "is required");
    }
    const ResourceMeta* meta = catalog_->MetaFor(w.resource->GetDescriptor());
    if (meta == nullptr) {
      return InvalidFieldError(absl::StrCat("writes[", i, "].resource"),
                               absl::StrCat(w.resource->GetDescriptor()->full_name(),
                                            " is not the type of any collection"));
    }
    const std::string& name = meta->Name(*w.resource);
    const Catalog::Collection* collection = catalog_->ForName(name);
    if (collection == nullptr) {
      return InvalidFieldError(absl::StrCat("writes[", i, "].resource.name"),
                               name.empty() ? "is required"
                                            : absl::StrCat("\"", name,
                                                           "\" is not a resource name of a "
                                                           "known collection"));
    }
    if (collection->meta != meta) {
      return InvalidFieldError(
          absl::StrCat("writes[", i, "].resource"),
          absl::StrCat(name, " is in collection ", collection->spec->collection, " of type ",
                       collection->meta->descriptor()->full_name()));
    }
    if (!names_.insert(name).second) {
      return InvalidFieldError(absl::StrCat("writes[", i, "].resource.name"),
                               absl::StrCat(name, " is written twice"));
    }
    Plan& plan = plans_[i];
    plan.collection = collection;
    plan.old.reset();
    plan.old_entries.clear();
    plan.new_entries.clear();
  }
  for (size_t i = 0; i < change.checks.size(); ++i) {
    if (catalog_->ForName(change.checks[i].name) == nullptr) {
      return InvalidFieldError(absl::StrCat("checks[", i, "].name"),
                               absl::StrCat("\"", change.checks[i].name,
                                            "\" is not a resource name of a known collection"));
    }
  }
  return absl::OkStatus();
}

absl::Status CommitBuilder::ReadCurrent(const Catalog::Collection& collection,
                                        const std::string& name,
                                        std::shared_ptr<const Message>* message,
                                        std::string* digest) {
  auto staged = resources_.find(name);
  if (staged != resources_.end()) {
    *message = staged->second.message;
    if (digest != nullptr) *digest = staged->second.digest;
    return absl::OkStatus();
  }
  keys::ResourceTo(collection.spec->collection, name, &key_);
  pinned_.Reset();
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(), key_, &pinned_);
  if (s.IsNotFound()) {
    message->reset();
    if (digest != nullptr) digest->assign(kDigestBytes, '\0');
    return absl::OkStatus();
  }
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("reading ", name));
  std::unique_ptr<Message> parsed = Catalog::Parse(collection, View(pinned_));
  if (parsed == nullptr)
    return absl::DataLossError(absl::StrCat("stored ", name, " is unreadable"));
  // The stored bytes are the deterministic serialization, so their digest is the audit's.
  if (digest != nullptr) *digest = Sha256(View(pinned_));
  *message = std::move(parsed);
  return absl::OkStatus();
}

absl::Status CommitBuilder::CheckPreconditions(const ChangeSet& change) {
  for (size_t i = 0; i < change.writes.size(); ++i) {
    const ResourceWrite& w = change.writes[i];
    Plan& plan = plans_[i];
    const ResourceMeta& meta = *plan.collection->meta;
    const std::string& name = meta.Name(*w.resource);
    RETURN_IF_ERROR(ReadCurrent(*plan.collection, name, &plan.old, &plan.before_digest));
    switch (w.expect) {
      case Expect::kAbsent:
        if (plan.old != nullptr) return AlreadyExistsError(plan.collection->spec->collection, name);
        break;
      case Expect::kModRevision: {
        if (plan.old == nullptr) return NotFoundError(plan.collection->spec->collection, name);
        const int64_t stored = meta.ModRevision(*plan.old);
        if (stored != w.expected_mod_revision) {
          return EtagMismatchError(name, w.expected_mod_revision, stored);
        }
        break;
      }
    }
  }
  for (const ReadCheck& check : change.checks) {
    ASSIGN_OR_RETURN(const int64_t stored, CurrentModRevision(check.name));
    if (stored != check.mod_revision)
      return EtagMismatchError(check.name, check.mod_revision, stored);
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CommitBuilder::CurrentModRevision(const std::string& name) {
  auto staged = resources_.find(name);
  if (staged != resources_.end()) return staged->second.mod_revision;
  auto known = known_mod_revisions_.find(name);
  if (known != known_mod_revisions_.end()) return known->second;
  const Catalog::Collection& collection = *catalog_->ForName(name);
  std::shared_ptr<const Message> current;
  RETURN_IF_ERROR(ReadCurrent(collection, name, &current, nullptr));
  const int64_t stored = current == nullptr ? 0 : collection.meta->ModRevision(*current);
  // An absent resource is not remembered: it may be created by a write in this group, whose
  // mod_revision BeginGroup records only after the group is written.
  if (stored != 0 && known_mod_revisions_.size() < kMaxKnownModRevisions) {
    known_mod_revisions_.emplace(name, stored);
  }
  return stored;
}

absl::Status CommitBuilder::PlanIndexes(const ChangeSet& change) {
  for (size_t i = 0; i < change.writes.size(); ++i) {
    Plan& plan = plans_[i];
    const CollectionSpec& spec = *plan.collection->spec;
    if (!spec.index_entries) continue;
    plan.new_entries = spec.index_entries(*change.writes[i].resource);
    for (const IndexEntry& e : plan.new_entries) {
      if (!ValidIndexName(e.index) || e.value.find('/') != std::string::npos) {
        return InvalidFieldError(absl::StrCat("writes[", i, "].resource"),
                                 absl::StrCat("index entry ", e.index, "=\"", e.value,
                                              "\" is malformed: index must be [a-z_]+ and "
                                              "value must not contain '/'"));
      }
    }
    if (plan.old != nullptr) plan.old_entries = spec.index_entries(*plan.old);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> CommitBuilder::UniqueOwner(const std::string& key) {
  auto staged = unique_owners_.find(key);
  if (staged != unique_owners_.end()) return staged->second;
  pinned_.Reset();
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(), key, &pinned_);
  if (s.IsNotFound()) return std::string();
  if (!s.ok()) return FromRocksDb(s, "reading a unique index entry");
  return std::string(View(pinned_));
}

// A unique entry may move between resources of one change set (one releases it, another takes
// it), so every release is known before any claim is judged.
absl::Status CommitBuilder::CheckUnique(const ChangeSet& change) {
  released_.clear();
  claimed_.clear();
  for (size_t i = 0; i < change.writes.size(); ++i) {
    const Plan& plan = plans_[i];
    const std::string& name = plan.collection->meta->Name(*change.writes[i].resource);
    for (const IndexEntry& e : plan.old_entries) {
      if (e.unique && !Contains(plan.new_entries, e)) {
        released_.emplace(keys::Unique(plan.collection->spec->collection, e.index, e.value), &name);
      }
    }
  }
  for (size_t i = 0; i < change.writes.size(); ++i) {
    const Plan& plan = plans_[i];
    const std::string& collection = plan.collection->spec->collection;
    const std::string& name = plan.collection->meta->Name(*change.writes[i].resource);
    for (const IndexEntry& e : plan.new_entries) {
      if (!e.unique || Contains(plan.old_entries, e)) continue;
      std::string key = keys::Unique(collection, e.index, e.value);
      auto [claim, inserted] = claimed_.emplace(key, &name);
      if (!inserted) {
        if (*claim->second != name) return UniqueConstraintError(collection, e);
        continue;
      }
      ASSIGN_OR_RETURN(std::string owner, UniqueOwner(key));
      if (owner.empty() || owner == name) continue;
      auto release = released_.find(key);
      if (release == released_.end() || *release->second != owner) {
        return UniqueConstraintError(collection, e);
      }
    }
  }
  return absl::OkStatus();
}

void CommitBuilder::Stamp(ChangeSet& change, int64_t revision) {
  for (size_t i = 0; i < change.writes.size(); ++i) {
    Plan& plan = plans_[i];
    const ResourceMeta& meta = *plan.collection->meta;
    ResourceMeta::Stamp stamp;
    stamp.revision = revision;
    stamp.update_time = commit_time_;
    if (plan.old != nullptr) {
      stamp.create_revision = meta.CreateRevision(*plan.old);
      stamp.version = meta.Version(*plan.old) + 1;
      stamp.create_time = meta.CreateTime(*plan.old);
    } else {
      stamp.create_revision = revision;
      stamp.version = 1;
      stamp.create_time = commit_time_;
    }
    meta.Apply(stamp, change.writes[i].resource.get());
    SerializeDeterministic(*change.writes[i].resource, &plan.bytes);
    plan.after_digest = Sha256(plan.bytes);
  }
}

void CommitBuilder::Stage(const ChangeSet& change, int64_t revision,
                          const std::string& request_key) {
  const int count = static_cast<int>(change.writes.size());
  for (int i = 0; i < count; ++i) {
    const Plan& plan = plans_[i];
    const std::string& collection = plan.collection->spec->collection;
    const std::string& name = plan.collection->meta->Name(*change.writes[i].resource);
    keys::ResourceTo(collection, name, &key_);
    batch_.Put(key_, plan.bytes);
    // Unchanged entries are left alone: most updates do not move a resource between indexes.
    for (const IndexEntry& e : plan.old_entries) {
      if (!e.unique && !Contains(plan.new_entries, e)) {
        batch_.Delete(keys::Index(collection, e.index, e.value, name));
      }
    }
    for (const IndexEntry& e : plan.new_entries) {
      if (!e.unique && !Contains(plan.old_entries, e)) {
        batch_.Put(keys::Index(collection, e.index, e.value, name), rocksdb::Slice());
      }
    }
  }
  for (const auto& [key, releaser] : released_) {
    if (claimed_.contains(key)) continue;
    batch_.Delete(key);
    unique_owners_[key].clear();
  }
  for (const auto& [key, claimer] : claimed_) {
    batch_.Put(key, *claimer);
    unique_owners_[key] = *claimer;
  }

  event_.Clear();
  event_.set_revision(revision);
  event_.set_count(count);
  event_.set_method(change.method);
  SetTimestamp(commit_time_, event_.mutable_commit_time());
  audit_.Clear();
  audit_.set_revision(revision);
  SetTimestamp(commit_time_, audit_.mutable_commit_time());
  audit_.set_actor(change.actor.principal);
  audit_.set_role(change.actor.role);
  audit_.set_method(change.method);
  audit_.set_request_id(change.request_id);
  audit_.set_reason(change.reason);
  for (int i = 0; i < count; ++i) {
    const Plan& plan = plans_[i];
    const std::string& name = plan.collection->meta->Name(*change.writes[i].resource);
    event_.set_index(i);
    event_.set_type(plan.old == nullptr ? fangxin::v1::EVENT_TYPE_CREATED
                                        : fangxin::v1::EVENT_TYPE_UPDATED);
    event_.set_resource_name(name);
    event_.mutable_resource()->set_type_url(plan.collection->type_url);
    event_.mutable_resource()->set_value(plan.bytes);
    event_.SerializeToString(&value_);
    batch_.Put(keys::Event(revision, i), value_);
    RecordEvent(plan, *change.writes[i].resource);
    audit_.add_resources(name);
    batch_.Put(HistoryKey(name, revision), rocksdb::Slice());
    audit_.add_before_digests(plan.before_digest);
    audit_.add_after_digests(plan.after_digest);
  }
  // Deterministic, because audit entries become Merkle leaves hashed over these bytes.
  SerializeDeterministic(audit_, &value_);
  batch_.Put(keys::Audit(revision), value_);
  // The tree's new nodes go into the same batch: the log and its tree are never apart.
  if (audit_tree_ != nullptr) audit_tree_->Append(audit_, &batch_);
  counters_.Stage();

  if (!request_key.empty()) {
    record_.Clear();
    record_.set_revision(revision);
    record_.set_request_digest(change.request_digest);
    record_.mutable_response()->set_type_url(plans_[0].collection->type_url);
    record_.mutable_response()->set_value(plans_[0].bytes);
    record_.SerializeToString(&value_);
    batch_.Put(request_key, value_);
    StagedRequest& staged = requests_[request_key];
    staged.revision = revision;
    staged.digest = change.request_digest;
    staged.resource = change.writes[0].resource;
  }

  for (int i = 0; i < count; ++i) {
    Plan& plan = plans_[i];
    const std::string& name = plan.collection->meta->Name(*change.writes[i].resource);
    Staged& staged = resources_[name];
    staged.message = change.writes[i].resource;
    staged.digest = std::move(plan.after_digest);
    staged.mod_revision = revision;
    plan.old.reset();
  }
}

absl::Status CommitBuilder::PlanCounters(const ChangeSet& change) {
  counters_.BeginChangeSet();
  for (size_t i = 0; i < change.writes.size(); ++i) {
    const Plan& plan = plans_[i];
    RETURN_IF_ERROR(
        counters_.Plan(*plan.collection->spec, plan.old.get(), change.writes[i].resource.get()));
  }
  return absl::OkStatus();
}

void CommitBuilder::RecordEvent(const Plan& plan, const Message& resource) {
  events_->events.push_back(event_);
  // value_ holds event_'s bytes, serialized just before for the batch: watchers get them as
  // they are, without a serialization per watcher or a second one here.
  events_->AppendFramed(value_);
  const CollectionSpec& spec = *plan.collection->spec;
  events_->scopes.push_back(spec.scopes ? spec.scopes(resource) : std::vector<std::string>());
}

std::shared_ptr<const CommittedEvents> CommitBuilder::TakeEvents() {
  events_->last_revision = last_revision();
  return std::move(events_);
}

}  // namespace fangxin::storage
