#ifndef FANGXIN_SERVICES_SERVER_KEYS_FILE_H_
#define FANGXIN_SERVICES_SERVER_KEYS_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fangxin/v1/resources.pb.h"
#include "storage/registry.h"

namespace fangxin {

// Parses a keys file: one key per line,
//   key_id role sha256_hex [scope,scope,...] [display name ...]
// role is admin|regulator|area_manager|merchant|city_system|public; '-' stands for no scopes;
// '#' starts a comment. Only hashes appear in the file, never secrets. INVALID_ARGUMENT names
// the line and the rule.
absl::StatusOr<std::vector<v1::ApiKey>> ParseKeysFile(const std::string& text);

// Makes sure each key exists in the registry as given (created or updated). Blocks.
absl::Status ApplyKeys(storage::Registry& registry, const std::vector<v1::ApiKey>& keys);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SERVER_KEYS_FILE_H_
