#ifndef FANGXIN_STORAGE_SCHEMA_H_
#define FANGXIN_STORAGE_SCHEMA_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace fangxin::storage {

// One secondary-index entry of a resource. Entries are derived from the resource alone, so the
// commit path can remove the old entries and add the new ones in the same batch, and a
// consistency check can recompute them.
struct IndexEntry {
  // Index name within the collection, e.g. "division". [a-z_]+.
  std::string index;
  // Indexed value, e.g. "320902". Must not contain '/'.
  std::string value;
  // A unique entry may belong to one resource at a time; a commit that would give it to a
  // second resource fails with FAILED_PRECONDITION (reason UNIQUE_CONSTRAINT).
  bool unique = false;

  friend bool operator==(const IndexEntry& a, const IndexEntry& b) {
    return a.index == b.index && a.value == b.value && a.unique == b.unique;
  }
};

// One resource's share of one counter: `value` added to counter `metric` of `scope`.
struct CounterContribution {
  // A resource name the counter belongs to, e.g. "divisions/320902" or "areas/wanda".
  std::string scope;
  // [a-z0-9_/]+, e.g. "open_stores" or "certified/brand/provincial".
  std::string metric;
  int64_t value = 1;
};

// A kind of resource the registry stores: its collection id (the last collection segment of its
// names: "merchants/x/stores/y" is in "stores"), its message type and its indexes.
struct CollectionSpec {
  std::string collection;
  // Message type of the resources; a default instance, not owned.
  const google::protobuf::Message* prototype = nullptr;
  // Index entries of a resource; may be empty. Must be a pure function of the message.
  std::function<std::vector<IndexEntry>(const google::protobuf::Message&)> index_entries;
  // Optional. The places a resource lies in (e.g. {"divisions/320900", "divisions/320902",
  // "areas/wanda"}), for watch filters. Computed once per event by the commit path, never per
  // watcher. Must be a pure function of the message.
  std::function<std::vector<std::string>(const google::protobuf::Message&)> scopes;
  // Optional. What a resource adds to the registry's counters (e.g. an open store adds 1 to
  // {"divisions/320902", "open_stores"}). The commit path keeps every counter equal to the sum
  // of the current resources' contributions by adding (new contributions - old ones) in the
  // commit's own batch, so counts never need a scan and a from-scratch recount can check them.
  // Must be a pure function of the message.
  std::function<std::vector<CounterContribution>(const google::protobuf::Message&)> counters;
};

// The set of collections. Built once at start-up, then read-only and thread-safe.
class Schema {
 public:
  // Fails with ALREADY_EXISTS for a collection registered twice.
  absl::Status Register(CollectionSpec spec);

  // The spec of `collection`, or nullptr.
  const CollectionSpec* Find(absl::string_view collection) const;

  // The spec for a resource name ("merchants/x/stores/y" -> stores), or nullptr.
  const CollectionSpec* ForName(absl::string_view name) const;

  // The collection id of a resource name: its second-to-last segment. "" when malformed.
  static std::string CollectionOf(absl::string_view name);

  std::vector<const CollectionSpec*> All() const;

 private:
  std::map<std::string, CollectionSpec, std::less<>> specs_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_SCHEMA_H_
