#include "storage/catalog.h"

#include "absl/strings/str_cat.h"

namespace fangxin::storage {

absl::string_view CollectionIdOf(absl::string_view name) {
  if (name.empty()) return {};
  int segments = 0;
  size_t start = 0;
  absl::string_view previous, current;
  while (true) {
    size_t slash = name.find('/', start);
    absl::string_view segment = name.substr(
        start, slash == absl::string_view::npos ? absl::string_view::npos : slash - start);
    if (segment.empty()) return {};
    previous = current;
    current = segment;
    ++segments;
    if (slash == absl::string_view::npos) break;
    start = slash + 1;
  }
  return segments % 2 == 0 ? previous : absl::string_view();
}

absl::StatusOr<std::unique_ptr<const Catalog>> Catalog::Build(const Schema& schema) {
  std::unique_ptr<Catalog> catalog(new Catalog);
  for (const CollectionSpec* spec : schema.All()) {
    absl::StatusOr<const ResourceMeta*> meta = ResourceMeta::For(spec->prototype->GetDescriptor());
    if (!meta.ok()) return meta.status();
    Collection& c = catalog->by_id_[spec->collection];
    c.spec = spec;
    c.meta = *meta;
    c.type_url =
        absl::StrCat("type.googleapis.com/", spec->prototype->GetDescriptor()->full_name());
  }
  // Filled after by_id_ stops growing, so that the pointers stay valid.
  for (const auto& [id, c] : catalog->by_id_) {
    catalog->by_type_url_.emplace(c.type_url, &c);
    catalog->by_descriptor_.emplace(c.meta->descriptor(), c.meta);
  }
  return std::unique_ptr<const Catalog>(std::move(catalog));
}

const Catalog::Collection* Catalog::Find(absl::string_view collection) const {
  auto it = by_id_.find(collection);
  return it == by_id_.end() ? nullptr : &it->second;
}

const Catalog::Collection* Catalog::ForName(absl::string_view name) const {
  absl::string_view id = CollectionIdOf(name);
  return id.empty() ? nullptr : Find(id);
}

const ResourceMeta* Catalog::MetaFor(const google::protobuf::Descriptor* descriptor) const {
  auto it = by_descriptor_.find(descriptor);
  return it == by_descriptor_.end() ? nullptr : it->second;
}

const Catalog::Collection* Catalog::ForTypeUrl(absl::string_view type_url) const {
  auto it = by_type_url_.find(type_url);
  return it == by_type_url_.end() ? nullptr : it->second;
}

std::unique_ptr<google::protobuf::Message> Catalog::Parse(const Collection& collection,
                                                          absl::string_view bytes) {
  std::unique_ptr<google::protobuf::Message> message(collection.spec->prototype->New());
  if (!message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return nullptr;
  return message;
}

}  // namespace fangxin::storage
