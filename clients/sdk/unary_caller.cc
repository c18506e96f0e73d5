#include "clients/sdk/unary_caller.h"

#include <cstdlib>

namespace fangxin::sdk::internal {

absl::Status PrepareOptions(ClientOptions* options) {
  if (options->token.empty()) {
    if (const char* env = std::getenv("FANGXIN_TOKEN"); env != nullptr) options->token = env;
  }
  if (options->max_attempts < 1 || options->timeout <= absl::ZeroDuration() ||
      options->initial_backoff < absl::ZeroDuration() ||
      options->max_backoff < options->initial_backoff || !(options->backoff_multiplier >= 1.0)) {
    return absl::InvalidArgumentError("ClientOptions: inconsistent retry or timeout settings");
  }
  return absl::OkStatus();
}

UnaryCaller::UnaryCaller(const ClientOptions& options)
    : timeout_(options.timeout),
      token_(options.token),
      policy_{options.max_attempts, options.initial_backoff, options.max_backoff,
              options.backoff_multiplier} {
  env_.delay = [this](int retry) {
    absl::MutexLock lock(&mu_);
    return BackoffDelay(policy_, retry, gen_);
  };
}

}  // namespace fangxin::sdk::internal
