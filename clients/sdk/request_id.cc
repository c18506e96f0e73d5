#include "clients/sdk/request_id.h"

#include "absl/strings/escaping.h"
#include "common/sha256.h"

namespace fangxin::sdk {

std::string MakeRequestId() { return absl::BytesToHexString(RandomBytes(16)); }

}  // namespace fangxin::sdk
