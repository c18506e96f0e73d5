#ifndef FANGXIN_SERVICES_SERVER_PRIVATE_FILES_H_
#define FANGXIN_SERVICES_SERVER_PRIVATE_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace fangxin {

// Writes `content` to `path` with mode 0600, durably (temp file, fsync, rename).
absl::Status WritePrivateFile(const std::string& path, const std::string& content);

// The contents of `path`, or NOT_FOUND.
absl::StatusOr<std::string> ReadFileContents(const std::string& path);

// The secret kept in `path`, created with `bytes` random bytes (mode 0600) on first use.
absl::StatusOr<std::string> ReadOrCreateSecret(const std::string& path, size_t bytes);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SERVER_PRIVATE_FILES_H_
