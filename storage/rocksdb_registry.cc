#include "storage/rocksdb_registry.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "storage/audit_tree.h"
#include "storage/compaction.h"
#include "storage/consistency_check.h"
#include "storage/counters.h"
#include "storage/keys.h"
#include "storage/request_record.h"
#include "storage/rocksdb_util.h"
#include "storage/scan.h"

namespace fangxin::storage {
namespace {

using google::protobuf::Message;

constexpr int kBloomBitsPerKey = 10;

rocksdb::Options MakeDbOptions(const RegistryOptions& options, rocksdb::Env* env) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  // The machines are small, and the committer is the only foreground writer.
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 10;
  if (env != nullptr) db_options.env = env;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // Point reads (Get, the committer's precondition reads) dominate; a bloom filter saves a
  // block read for every absent key, e.g. every create.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  // Fast compression where data is hot, strong compression for the bottom level, whichever
  // the library was built with.
  const std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
  auto has = [&](rocksdb::CompressionType type) {
    return std::find(supported.begin(), supported.end(), type) != supported.end();
  };
  if (has(rocksdb::kLZ4Compression)) {
    db_options.compression = rocksdb::kLZ4Compression;
  } else if (has(rocksdb::kSnappyCompression)) {
    db_options.compression = rocksdb::kSnappyCompression;
  } else {
    db_options.compression = rocksdb::kNoCompression;
  }
  if (has(rocksdb::kZSTD)) db_options.bottommost_compression = rocksdb::kZSTD;
  return db_options;
}

absl::Status UnknownNameError(absl::string_view field, absl::string_view name) {
  return InvalidFieldError(
      field, absl::StrCat("\"", name, "\" is not a resource name of a known collection"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDbRegistry>> RocksDbRegistry::Open(
    const RegistryOptions& options, const Schema* schema, rocksdb::Env* env) {
  if (options.path.empty()) return InvalidFieldError("path", "is required");
  if (schema == nullptr) return absl::InvalidArgumentError("a schema is required");
  if (options.clock == nullptr) return InvalidFieldError("clock", "is required");
  ASSIGN_OR_RETURN(std::unique_ptr<const Catalog> catalog, Catalog::Build(*schema));

  const rocksdb::Options db_options = MakeDbOptions(options, env);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = options.read_only
                          ? rocksdb::DB::OpenForReadOnly(db_options, options.path, &raw)
                          : rocksdb::DB::Open(db_options, options.path, &raw);
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("opening ", options.path));
  std::unique_ptr<rocksdb::DB> db(raw);
  ASSIGN_OR_RETURN(const int64_t revision, ReadStoredRevision(db.get(), rocksdb::ReadOptions()));

  ASSIGN_OR_RETURN(const int64_t oldest, ReadOldestRevision(db.get(), rocksdb::ReadOptions()));

  std::unique_ptr<RocksDbRegistry> registry(
      new RocksDbRegistry(std::move(catalog), std::move(db), revision, oldest));
  WatchHub::Options hub_options;
  hub_options.max_queued_events = options.watch_queue_events;
  RocksDbRegistry* raw_registry = registry.get();
  registry->hub_ = std::make_unique<WatchHub>(
      [raw_registry](int64_t from, int64_t to, int max_commits) {
        return raw_registry->ReadCommitted(from, to, max_commits);
      },
      hub_options, revision);
  if (!options.read_only) {
    GroupCommitter::Options committer_options;
    committer_options.sync = options.sync;
    committer_options.max_group_size = options.max_group_size;
    committer_options.clock = options.clock;
    committer_options.retention = options.event_retention;
    committer_options.compaction_interval = options.compaction_interval;
    committer_options.hub = registry->hub_.get();
    if (options.audit_tree) {
      ASSIGN_OR_RETURN(committer_options.audit_tree,
                       AuditTreeWriter::Open(registry->db_.get(), revision));
    }
    registry->committer_ = std::make_unique<GroupCommitter>(
        registry->db_.get(), registry->catalog_.get(), committer_options, revision, oldest);
  }
  return registry;
}

RocksDbRegistry::RocksDbRegistry(std::unique_ptr<const Catalog> catalog,
                                 std::unique_ptr<rocksdb::DB> db, int64_t stored_revision,
                                 int64_t stored_oldest)
    : catalog_(std::move(catalog)),
      db_(std::move(db)),
      stored_revision_(stored_revision),
      stored_oldest_(stored_oldest) {}

RocksDbRegistry::~RocksDbRegistry() {
  // Finishes the queued commits while the database is still open. committer_ stays set during
  // the drain, so a callback that commits again is told UNAVAILABLE (closing).
  if (committer_ != nullptr) committer_->Shutdown();
  committer_.reset();
  hub_->Close();
  db_->Close().PermitUncheckedError();
}

absl::StatusOr<std::shared_ptr<const Message>> RocksDbRegistry::Get(const std::string& name) {
  const Catalog::Collection* collection = catalog_->ForName(name);
  if (collection == nullptr) return UnknownNameError("name", name);
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(),
                               keys::Resource(collection->spec->collection, name), &value);
  if (s.IsNotFound()) return NotFoundError(collection->spec->collection, name);
  RETURN_IF_ERROR(FromRocksDb(s, absl::StrCat("reading ", name)));
  std::unique_ptr<Message> message = Catalog::Parse(*collection, View(value));
  if (message == nullptr)
    return absl::DataLossError(absl::StrCat("stored ", name, " is unreadable"));
  return std::shared_ptr<const Message>(std::move(message));
}

absl::StatusOr<std::vector<std::shared_ptr<const Message>>> RocksDbRegistry::GetMany(
    const std::vector<std::string>& names) {
  std::vector<const Catalog::Collection*> collections(names.size());
  std::vector<std::string> key_strings(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    collections[i] = catalog_->ForName(names[i]);
    if (collections[i] == nullptr)
      return UnknownNameError(absl::StrCat("names[", i, "]"), names[i]);
    key_strings[i] = keys::Resource(collections[i]->spec->collection, names[i]);
  }
  std::vector<rocksdb::Slice> key_slices(key_strings.begin(), key_strings.end());
  std::vector<rocksdb::PinnableSlice> values(names.size());
  std::vector<rocksdb::Status> statuses(names.size());
  rocksdb::ManagedSnapshot snapshot(db_.get());
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot.snapshot();
  db_->MultiGet(read_options, db_->DefaultColumnFamily(), key_slices.size(), key_slices.data(),
                values.data(), statuses.data());
  std::vector<std::shared_ptr<const Message>> result(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocksDb(statuses[i], absl::StrCat("reading ", names[i])));
    std::unique_ptr<Message> message = Catalog::Parse(*collections[i], View(values[i]));
    if (message == nullptr) {
      return absl::DataLossError(absl::StrCat("stored ", names[i], " is unreadable"));
    }
    result[i] = std::move(message);
  }
  return result;
}

absl::StatusOr<ScanResult> RocksDbRegistry::Scan(const ScanQuery& query) {
  return ScanRegistry(db_.get(), *catalog_, query);
}

absl::StatusOr<std::string> RocksDbRegistry::LookupUnique(const std::string& collection,
                                                          const IndexEntry& entry) {
  if (catalog_->Find(collection) == nullptr) {
    return InvalidFieldError("collection", absl::StrCat("unknown collection \"", collection, "\""));
  }
  if (entry.index.empty() || absl::StrContains(entry.index, '/') ||
      absl::StrContains(entry.value, '/')) {
    return InvalidFieldError("entry", "index must be non-empty; neither may contain '/'");
  }
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(),
                               keys::Unique(collection, entry.index, entry.value), &value);
  if (s.IsNotFound()) return std::string();
  RETURN_IF_ERROR(FromRocksDb(s, "reading a unique index entry"));
  return std::string(View(value));
}

absl::StatusOr<std::optional<CommitResult>> RocksDbRegistry::LookupRequest(
    const std::string& principal, const std::string& request_id,
    const std::string& request_digest) {
  if (request_id.empty()) return InvalidFieldError("request_id", "is required");
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(),
                               keys::Request(principal, request_id), &value);
  if (s.IsNotFound()) return std::optional<CommitResult>();
  RETURN_IF_ERROR(FromRocksDb(s, "reading a request record"));
  ASSIGN_OR_RETURN(CommitResult result,
                   ReplayFromRecord(View(value), *catalog_, request_id, request_digest));
  return std::optional<CommitResult>(std::move(result));
}

void RocksDbRegistry::Commit(ChangeSet change, CommitCallback done) {
  if (committer_ == nullptr) {
    done(absl::FailedPreconditionError("registry is open read-only"));
    return;
  }
  committer_->Commit(std::move(change), std::move(done));
}

int64_t RocksDbRegistry::CurrentRevision() {
  return committer_ != nullptr ? committer_->CurrentRevision() : stored_revision_;
}

absl::Status RocksDbRegistry::ScanEvents(
    int64_t from, int64_t to, int max_commits,
    absl::FunctionRef<void(fangxin::v1::Event, absl::string_view)> visit) {
  const std::string upper = to == std::numeric_limits<int64_t>::max()
                                ? keys::PrefixSuccessor(keys::kEventSpace)
                                : keys::EventPrefix(to + 1);
  const rocksdb::Slice upper_bound(upper);
  // One snapshot for the oldest mark and the events, so a compaction in between cannot make
  // compacted revisions look like an empty range.
  rocksdb::ManagedSnapshot snapshot(db_.get());
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot.snapshot();
  ASSIGN_OR_RETURN(const int64_t oldest, ReadOldestRevision(db_.get(), read_options));
  if (from <= 0) from = oldest;
  if (from < oldest) return RevisionCompactedError(from, oldest);
  read_options.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options));

  int commits = 0;
  int64_t revision = 0;
  // A commit's events are in one batch, so an iterator sees all of them or none.
  for (it->Seek(keys::EventPrefix(std::max<int64_t>(from, 1))); it->Valid(); it->Next()) {
    fangxin::v1::Event event;
    if (!event.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat("event ", View(it->key()), " is unreadable"));
    }
    if (event.revision() != revision) {
      if (commits == max_commits) break;
      ++commits;
      revision = event.revision();
    }
    visit(std::move(event), View(it->value()));
  }
  return FromRocksDb(it->status(), "reading events");
}

absl::StatusOr<std::vector<fangxin::v1::Event>> RocksDbRegistry::ReadEvents(int64_t from_revision,
                                                                            int limit) {
  if (limit <= 0) return InvalidFieldError("limit", "must be positive");
  std::vector<fangxin::v1::Event> events;
  RETURN_IF_ERROR(ScanEvents(from_revision, std::numeric_limits<int64_t>::max(), limit,
                             [&events](fangxin::v1::Event event, absl::string_view) {
                               events.push_back(std::move(event));
                             }));
  return events;
}

absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> RocksDbRegistry::ReadAudit(
    int64_t from_revision, int64_t to_revision) {
  std::vector<fangxin::v1::AuditEntry> entries;
  from_revision = std::max<int64_t>(from_revision, 1);
  if (to_revision < from_revision) return entries;
  const std::string upper = to_revision == std::numeric_limits<int64_t>::max()
                                ? keys::PrefixSuccessor(keys::kAuditSpace)
                                : keys::Audit(to_revision + 1);
  const rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options));
  for (it->Seek(keys::Audit(from_revision)); it->Valid(); it->Next()) {
    fangxin::v1::AuditEntry& entry = entries.emplace_back();
    if (!entry.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat("audit entry ", View(it->key()), " is unreadable"));
    }
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading audit entries"));
  return entries;
}

absl::StatusOr<std::shared_ptr<const CommittedEvents>> RocksDbRegistry::ReadCommitted(
    int64_t from, int64_t to, int max_commits) {
  from = std::max<int64_t>(from, 1);
  const int limit =
      static_cast<int>(std::max<int64_t>(std::min<int64_t>(max_commits, to - from + 1), 1));
  auto committed = std::make_shared<CommittedEvents>();
  committed->first_revision = from;
  committed->last_revision = from - 1;
  RETURN_IF_ERROR(ScanEvents(
      from, to, limit, [this, &committed](fangxin::v1::Event event, absl::string_view stored) {
        const Catalog::Collection* collection =
            catalog_->ForTypeUrl(event.resource().type_url());
        std::vector<std::string> scopes;
        if (collection != nullptr && collection->spec->scopes) {
          std::unique_ptr<Message> resource =
              Catalog::Parse(*collection, event.resource().value());
          if (resource != nullptr) scopes = collection->spec->scopes(*resource);
        }
        committed->last_revision = event.revision();
        committed->events.push_back(std::move(event));
        committed->scopes.push_back(std::move(scopes));
        // The stored bytes are the event's serialization: its wire form for watchers as is.
        committed->AppendFramed(stored);
      }));
  return std::shared_ptr<const CommittedEvents>(std::move(committed));
}

std::unique_ptr<EventWatch> RocksDbRegistry::Watch(int64_t from_revision, WatchFilter filter,
                                                   std::function<void()> on_ready) {
  return hub_->Watch(from_revision, std::move(filter), std::move(on_ready));
}

void RocksDbRegistry::CloseWatches() { hub_->Close(); }

int64_t RocksDbRegistry::OldestRevision() {
  return committer_ != nullptr ? committer_->OldestRevision() : stored_oldest_;
}

absl::Status RocksDbRegistry::CompactEvents(int64_t oldest_revision) {
  if (committer_ == nullptr) return absl::FailedPreconditionError("registry is open read-only");
  return committer_->CompactEvents(oldest_revision);
}

absl::StatusOr<std::vector<CounterValues>> RocksDbRegistry::ReadCounters(
    const std::vector<std::string>& scopes, int64_t* read_revision) {
  rocksdb::ManagedSnapshot snapshot(db_.get());
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot.snapshot();
  if (read_revision != nullptr) {
    ASSIGN_OR_RETURN(*read_revision, ReadStoredRevision(db_.get(), read_options));
  }
  std::vector<CounterValues> result;
  result.reserve(scopes.size());
  for (const std::string& scope : scopes) {
    CounterValues& values = result.emplace_back();
    values.scope = scope;
    const std::string prefix = CounterPrefix(scope);
    const std::string upper = keys::PrefixSuccessor(prefix);
    const rocksdb::Slice upper_bound(upper);
    rocksdb::ReadOptions scan_options = read_options;
    scan_options.iterate_upper_bound = &upper_bound;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(scan_options));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      absl::string_view parsed_scope, metric;
      int64_t value = 0;
      if (!ParseCounterKey(View(it->key()), &parsed_scope, &metric) ||
          !DecodeCounter(View(it->value()), &value)) {
        return absl::DataLossError(absl::StrCat("counter ", View(it->key()), " is unreadable"));
      }
      values.metrics.emplace(std::string(metric), value);
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), "reading counters"));
  }
  return result;
}

absl::Status RocksDbRegistry::CheckConsistency() {
  return CheckRegistryConsistency(db_.get(), *catalog_);
}

RegistryStats RocksDbRegistry::Stats() {
  return committer_ != nullptr ? committer_->Stats() : RegistryStats{};
}

}  // namespace fangxin::storage
