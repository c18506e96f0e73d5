#include "storage/counters.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "storage/rocksdb_util.h"

namespace fangxin::storage {

std::string CounterKey(absl::string_view scope, absl::string_view metric) {
  return absl::StrCat(kCounterSpace, scope, "#", metric);
}

std::string CounterPrefix(absl::string_view scope) {
  return absl::StrCat(kCounterSpace, scope, "#");
}

bool ParseCounterKey(absl::string_view key, absl::string_view* scope, absl::string_view* metric) {
  if (!absl::ConsumePrefix(&key, kCounterSpace)) return false;
  const size_t hash = key.find('#');
  if (hash == absl::string_view::npos || hash == 0 || hash + 1 == key.size()) return false;
  *scope = key.substr(0, hash);
  *metric = key.substr(hash + 1);
  return true;
}

std::string EncodeCounter(int64_t value) {
  uint64_t u = static_cast<uint64_t>(value);
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((u >> (8 * i)) & 0xff);
  return bytes;
}

bool DecodeCounter(absl::string_view bytes, int64_t* value) {
  if (bytes.size() != 8) return false;
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[i])) << (8 * i);
  *value = static_cast<int64_t>(u);
  return true;
}

std::map<std::string, int64_t> CounterDeltas(const CollectionSpec& spec,
                                             const google::protobuf::Message* before,
                                             const google::protobuf::Message* after) {
  std::map<std::string, int64_t> deltas;
  if (!spec.counters) return deltas;
  if (before != nullptr) {
    for (const CounterContribution& c : spec.counters(*before)) {
      deltas[CounterKey(c.scope, c.metric)] -= c.value;
    }
  }
  if (after != nullptr) {
    for (const CounterContribution& c : spec.counters(*after)) {
      deltas[CounterKey(c.scope, c.metric)] += c.value;
    }
  }
  for (auto it = deltas.begin(); it != deltas.end();) {
    it = it->second == 0 ? deltas.erase(it) : std::next(it);
  }
  return deltas;
}

void CounterStager::BeginGroup() {
  overlay_.clear();
  planned_.clear();
}

absl::Status CounterStager::Load(const std::string& key) {
  if (overlay_.contains(key)) return absl::OkStatus();
  pinned_.Reset();
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(), key, &pinned_);
  int64_t value = 0;
  if (s.ok()) {
    if (!DecodeCounter(View(pinned_), &value)) {
      return absl::DataLossError(absl::StrCat("counter ", key, " is unreadable"));
    }
  } else if (!s.IsNotFound()) {
    return FromRocksDb(s, "reading a counter");
  }
  overlay_.emplace(key, Value{value, false});
  return absl::OkStatus();
}

absl::Status CounterStager::Plan(const CollectionSpec& spec,
                                 const google::protobuf::Message* before,
                                 const google::protobuf::Message* after) {
  for (auto& [key, delta] : CounterDeltas(spec, before, after)) {
    RETURN_IF_ERROR(Load(key));
    planned_[key] += delta;
  }
  return absl::OkStatus();
}

void CounterStager::Stage() {
  for (const auto& [key, delta] : planned_) {
    if (delta == 0) continue;
    Value& counter = overlay_[key];
    counter.value += delta;
    counter.moved = true;
  }
  planned_.clear();
}

void CounterStager::Flush(rocksdb::WriteBatch* batch) {
  for (auto& [key, counter] : overlay_) {
    if (!counter.moved) continue;
    counter.moved = false;
    // A counter back at zero is deleted, so the keyspace holds only places with something in.
    if (counter.value == 0) {
      batch->Delete(key);
    } else {
      batch->Put(key, EncodeCounter(counter.value));
    }
  }
}

}  // namespace fangxin::storage
