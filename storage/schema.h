#ifndef FANGXIN_STORAGE_SCHEMA_H_
#define FANGXIN_STORAGE_SCHEMA_H_

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

// A kind of resource the registry stores: its collection id (the last collection segment of its
// names: "merchants/x/stores/y" is in "stores"), its message type and its indexes.
struct CollectionSpec {
  std::string collection;
  // Message type of the resources; a default instance, not owned.
  const google::protobuf::Message* prototype = nullptr;
  // Index entries of a resource; may be empty. Must be a pure function of the message.
  std::function<std::vector<IndexEntry>(const google::protobuf::Message&)> index_entries;
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
