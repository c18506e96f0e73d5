#ifndef FANGXIN_STORAGE_CATALOG_H_
#define FANGXIN_STORAGE_CATALOG_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "storage/resource_meta.h"
#include "storage/schema.h"

namespace fangxin::storage {

// The collection id of a resource name without allocating: its second-to-last segment, or ""
// unless the name is an even number of non-empty '/'-separated segments. Points into `name`.
absl::string_view CollectionIdOf(absl::string_view name);

// A schema's collections with their resource accessors, resolved once when the registry opens
// so that the committer and readers neither lock nor search descriptors. Immutable;
// thread-safe.
class Catalog {
 public:
  struct Collection {
    const CollectionSpec* spec = nullptr;
    const ResourceMeta* meta = nullptr;
    std::string type_url;  // "type.googleapis.com/<message full name>", for Any.
  };

  // INVALID_ARGUMENT if a collection's prototype is not a resource message.
  static absl::StatusOr<std::unique_ptr<const Catalog>> Build(const Schema& schema);

  // nullptr when unknown.
  const Collection* Find(absl::string_view collection) const;
  // The collection of a resource name; nullptr when malformed or unknown.
  const Collection* ForName(absl::string_view name) const;
  // The accessors of a message type some collection holds; nullptr when none does.
  const ResourceMeta* MetaFor(const google::protobuf::Descriptor* descriptor) const;
  // The first collection whose message type has this Any type URL; nullptr when none.
  const Collection* ForTypeUrl(absl::string_view type_url) const;

  // A new message of the collection's type parsed from `bytes`; nullptr if they do not parse.
  static std::unique_ptr<google::protobuf::Message> Parse(const Collection& collection,
                                                          absl::string_view bytes);

 private:
  Catalog() = default;

  absl::flat_hash_map<std::string, Collection> by_id_;
  absl::flat_hash_map<std::string, const Collection*> by_type_url_;
  absl::flat_hash_map<const google::protobuf::Descriptor*, const ResourceMeta*> by_descriptor_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_CATALOG_H_
