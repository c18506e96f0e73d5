#ifndef FANGXIN_STORAGE_RESOURCE_META_H_
#define FANGXIN_STORAGE_RESOURCE_META_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace fangxin::storage {

// The bookkeeping fields every resource message declares with the same numbers:
//   string name = 1; string etag = 100; int64 create_revision = 101; int64 mod_revision = 102;
//   int64 version = 103; google.protobuf.Timestamp create_time = 104, update_time = 105.
// The storage layer is generic over message types, so it reaches them by reflection; the field
// descriptors are resolved once per message type. Immutable after For(); thread-safe.
class ResourceMeta {
 public:
  // The accessors for `descriptor`, created on first use and kept for the process lifetime.
  // INVALID_ARGUMENT if the type lacks one of the fields or declares it with another type.
  static absl::StatusOr<const ResourceMeta*> For(const google::protobuf::Descriptor* descriptor);

  // What a commit stamps on a resource; see Stamp.
  struct Stamp {
    int64_t revision = 0;         // mod_revision; etag is its decimal string.
    int64_t create_revision = 0;  // The stored create_revision, or revision on creation.
    int64_t version = 0;          // Stored version + 1, or 1 on creation.
    absl::Time create_time;       // The stored create_time, or the commit time on creation.
    absl::Time update_time;       // The commit time.
  };

  const google::protobuf::Descriptor* descriptor() const { return descriptor_; }

  // A reference into `message`, valid while it lives and is unchanged.
  const std::string& Name(const google::protobuf::Message& message) const;
  int64_t ModRevision(const google::protobuf::Message& message) const;
  int64_t CreateRevision(const google::protobuf::Message& message) const;
  int64_t Version(const google::protobuf::Message& message) const;
  const std::string& Etag(const google::protobuf::Message& message) const;
  absl::Time CreateTime(const google::protobuf::Message& message) const;
  absl::Time UpdateTime(const google::protobuf::Message& message) const;

  // Overwrites every bookkeeping field but name. `message` must be of descriptor()'s type.
  void Apply(const Stamp& stamp, google::protobuf::Message* message) const;

 private:
  explicit ResourceMeta(const google::protobuf::Descriptor* descriptor);
  absl::Time GetTime(const google::protobuf::Message& message,
                     const google::protobuf::FieldDescriptor* field) const;
  void SetTime(absl::Time time, const google::protobuf::FieldDescriptor* field,
               google::protobuf::Message* message) const;

  // Fixed at construction.
  const google::protobuf::Descriptor* descriptor_;
  const google::protobuf::FieldDescriptor* name_;
  const google::protobuf::FieldDescriptor* etag_;
  const google::protobuf::FieldDescriptor* create_revision_;
  const google::protobuf::FieldDescriptor* mod_revision_;
  const google::protobuf::FieldDescriptor* version_;
  const google::protobuf::FieldDescriptor* create_time_;
  const google::protobuf::FieldDescriptor* update_time_;
};

// Serializes `message` deterministically (map entries sorted), replacing *out: the bytes the
// registry stores, so audit digests of the stored bytes are digests of this serialization.
void SerializeDeterministic(const google::protobuf::Message& message, std::string* out);

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_RESOURCE_META_H_
