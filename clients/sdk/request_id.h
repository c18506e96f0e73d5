#ifndef FANGXIN_CLIENTS_SDK_REQUEST_ID_H_
#define FANGXIN_CLIENTS_SDK_REQUEST_ID_H_

#include <string>

namespace fangxin::sdk {

// A fresh request id: 128 random bits from the OS CSPRNG as 32 lower-case hex characters, which
// fits the server's request_id rule (up to 64 of [A-Za-z0-9._-]). Thread-safe.
std::string MakeRequestId();

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_REQUEST_ID_H_
