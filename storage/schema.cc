#include "storage/schema.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/catalog.h"
#include "storage/resource_meta.h"

namespace fangxin::storage {

absl::Status Schema::Register(CollectionSpec spec) {
  if (spec.collection.empty() || spec.collection.find('/') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("collection id \"", spec.collection, "\" must be non-empty without '/'"));
  }
  if (spec.prototype == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("collection ", spec.collection, " has no prototype"));
  }
  // Refuse a message without the bookkeeping fields now rather than at its first commit.
  absl::StatusOr<const ResourceMeta*> meta = ResourceMeta::For(spec.prototype->GetDescriptor());
  if (!meta.ok()) return meta.status();
  if (specs_.count(spec.collection) != 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("collection ", spec.collection, " is already registered"));
  }
  std::string collection = spec.collection;
  specs_.emplace(std::move(collection), std::move(spec));
  return absl::OkStatus();
}

const CollectionSpec* Schema::Find(absl::string_view collection) const {
  auto it = specs_.find(collection);
  return it == specs_.end() ? nullptr : &it->second;
}

const CollectionSpec* Schema::ForName(absl::string_view name) const {
  std::string collection = CollectionOf(name);
  return collection.empty() ? nullptr : Find(collection);
}

std::string Schema::CollectionOf(absl::string_view name) {
  return std::string(CollectionIdOf(name));
}

std::vector<const CollectionSpec*> Schema::All() const {
  std::vector<const CollectionSpec*> all;
  all.reserve(specs_.size());
  for (const auto& [unused, spec] : specs_) all.push_back(&spec);
  return all;
}

}  // namespace fangxin::storage
