#include "storage/resource_meta.h"

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/timestamp.pb.h"

namespace fangxin::storage {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Timestamp;

struct Expected {
  const char* name;
  int number;
  FieldDescriptor::CppType type;
};

constexpr Expected kFields[] = {
    {"name", 1, FieldDescriptor::CPPTYPE_STRING},
    {"etag", 100, FieldDescriptor::CPPTYPE_STRING},
    {"create_revision", 101, FieldDescriptor::CPPTYPE_INT64},
    {"mod_revision", 102, FieldDescriptor::CPPTYPE_INT64},
    {"version", 103, FieldDescriptor::CPPTYPE_INT64},
    {"create_time", 104, FieldDescriptor::CPPTYPE_MESSAGE},
    {"update_time", 105, FieldDescriptor::CPPTYPE_MESSAGE},
};

absl::Status CheckFields(const Descriptor* d) {
  for (const Expected& e : kFields) {
    const FieldDescriptor* f = d->FindFieldByNumber(e.number);
    if (f == nullptr || f->name() != e.name || f->cpp_type() != e.type || f->is_repeated() ||
        (e.type == FieldDescriptor::CPPTYPE_STRING &&
         f->options().ctype() != google::protobuf::FieldOptions::STRING) ||
        (e.type == FieldDescriptor::CPPTYPE_MESSAGE &&
         f->message_type()->full_name() != Timestamp::descriptor()->full_name())) {
      return absl::InvalidArgumentError(absl::StrCat(
          d->full_name(), " is not a resource message: it needs field ", e.name, " = ", e.number));
    }
  }
  return absl::OkStatus();
}

struct Cache {
  absl::Mutex mu;
  absl::flat_hash_map<const Descriptor*, std::unique_ptr<const ResourceMeta>> metas
      ABSL_GUARDED_BY(mu);
};

Cache& GlobalCache() {
  static Cache* cache = new Cache;
  return *cache;
}

}  // namespace

ResourceMeta::ResourceMeta(const Descriptor* d)
    : descriptor_(d),
      name_(d->FindFieldByNumber(1)),
      etag_(d->FindFieldByNumber(100)),
      create_revision_(d->FindFieldByNumber(101)),
      mod_revision_(d->FindFieldByNumber(102)),
      version_(d->FindFieldByNumber(103)),
      create_time_(d->FindFieldByNumber(104)),
      update_time_(d->FindFieldByNumber(105)) {}

absl::StatusOr<const ResourceMeta*> ResourceMeta::For(const Descriptor* descriptor) {
  if (descriptor == nullptr) return absl::InvalidArgumentError("no message type");
  Cache& cache = GlobalCache();
  absl::MutexLock lock(&cache.mu);
  auto it = cache.metas.find(descriptor);
  if (it != cache.metas.end()) return it->second.get();
  absl::Status status = CheckFields(descriptor);
  if (!status.ok()) return status;
  auto meta = std::unique_ptr<const ResourceMeta>(new ResourceMeta(descriptor));
  const ResourceMeta* result = meta.get();
  cache.metas.emplace(descriptor, std::move(meta));
  return result;
}

// GetStringReference only needs its scratch string for ctype=CORD fields, which CheckFields
// refuses, so the reference always points into the message.
const std::string& ResourceMeta::Name(const Message& m) const {
  return m.GetReflection()->GetStringReference(m, name_, nullptr);
}

const std::string& ResourceMeta::Etag(const Message& m) const {
  return m.GetReflection()->GetStringReference(m, etag_, nullptr);
}

int64_t ResourceMeta::ModRevision(const Message& m) const {
  return m.GetReflection()->GetInt64(m, mod_revision_);
}

int64_t ResourceMeta::CreateRevision(const Message& m) const {
  return m.GetReflection()->GetInt64(m, create_revision_);
}

int64_t ResourceMeta::Version(const Message& m) const {
  return m.GetReflection()->GetInt64(m, version_);
}

absl::Time ResourceMeta::CreateTime(const Message& m) const { return GetTime(m, create_time_); }
absl::Time ResourceMeta::UpdateTime(const Message& m) const { return GetTime(m, update_time_); }

absl::Time ResourceMeta::GetTime(const Message& m, const FieldDescriptor* field) const {
  const Message& sub = m.GetReflection()->GetMessage(m, field);
  const google::protobuf::Reflection* r = sub.GetReflection();
  const Descriptor* d = sub.GetDescriptor();
  return absl::FromUnixSeconds(r->GetInt64(sub, d->FindFieldByNumber(1))) +
         absl::Nanoseconds(r->GetInt32(sub, d->FindFieldByNumber(2)));
}

void ResourceMeta::SetTime(absl::Time time, const FieldDescriptor* field, Message* m) const {
  Message* sub = m->GetReflection()->MutableMessage(m, field);
  const int64_t seconds = absl::ToUnixSeconds(time);
  const int32_t nanos =
      static_cast<int32_t>((time - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1));
  if (sub->GetDescriptor() == Timestamp::descriptor()) {
    auto* ts = static_cast<Timestamp*>(sub);
    ts->set_seconds(seconds);
    ts->set_nanos(nanos);
    return;
  }
  // A message from a dynamic pool: same fields, different C++ type.
  const google::protobuf::Reflection* r = sub->GetReflection();
  r->SetInt64(sub, sub->GetDescriptor()->FindFieldByNumber(1), seconds);
  r->SetInt32(sub, sub->GetDescriptor()->FindFieldByNumber(2), nanos);
}

void ResourceMeta::Apply(const Stamp& stamp, Message* m) const {
  const google::protobuf::Reflection* r = m->GetReflection();
  r->SetString(m, etag_, absl::StrCat(stamp.revision));
  r->SetInt64(m, create_revision_, stamp.create_revision);
  r->SetInt64(m, mod_revision_, stamp.revision);
  r->SetInt64(m, version_, stamp.version);
  SetTime(stamp.create_time, create_time_, m);
  SetTime(stamp.update_time, update_time_, m);
}

void SerializeDeterministic(const Message& message, std::string* out) {
  const size_t size = message.ByteSizeLong();
  out->resize(size);
  google::protobuf::io::ArrayOutputStream array(out->data(), static_cast<int>(size));
  google::protobuf::io::CodedOutputStream coded(&array);
  coded.SetSerializationDeterministic(true);
  message.SerializeWithCachedSizes(&coded);
}

}  // namespace fangxin::storage
