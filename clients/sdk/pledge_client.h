#ifndef FANGXIN_CLIENTS_SDK_PLEDGE_CLIENT_H_
#define FANGXIN_CLIENTS_SDK_PLEDGE_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/sdk/client_options.h"
#include "clients/sdk/pagination_range.h"
#include "fangxin/v1/pledge_service.pb.h"

namespace fangxin::sdk {

// One method per RPC of PledgeService. The implementation from MakePledgeConnection behaves as
// MakeConnection's (connection.h): a fresh context per attempt with the call's deadline and the
// bearer token, a request_id given to every mutation that lacks one and kept across attempts,
// and retries of UNAVAILABLE only, with exponential backoff and full jitter (retry_loop.h).
// Defaults return UNIMPLEMENTED, so test doubles override only what they need. Thread-safe.
class PledgeConnection {
 public:
  virtual ~PledgeConnection() = default;
  virtual absl::StatusOr<v1::Pledge> CreatePledge(const v1::CreatePledgeRequest& request);
  virtual absl::StatusOr<v1::Pledge> GetPledge(const v1::GetPledgeRequest& request);
  virtual absl::StatusOr<v1::ListPledgesResponse> ListPledges(
      const v1::ListPledgesRequest& request);
  virtual absl::StatusOr<v1::Pledge> ActivatePledge(const v1::ActivatePledgeRequest& request);
  virtual absl::StatusOr<v1::Pledge> AmendPledge(const v1::AmendPledgeRequest& request);
  virtual absl::StatusOr<v1::Pledge> RenewPledge(const v1::RenewPledgeRequest& request);
  virtual absl::StatusOr<v1::Pledge> WithdrawPledge(const v1::WithdrawPledgeRequest& request);
  virtual absl::StatusOr<v1::Pledge> SuspendPledge(const v1::SuspendPledgeRequest& request);
  virtual absl::StatusOr<v1::Pledge> ReinstatePledge(const v1::ReinstatePledgeRequest& request);
  virtual absl::StatusOr<v1::Pledge> RevokePledge(const v1::RevokePledgeRequest& request);
  virtual absl::StatusOr<v1::StorePledgeStatus> GetStorePledgeStatus(
      const v1::GetStorePledgeStatusRequest& request);
};

// INVALID_ARGUMENT for inconsistent options, as MakeConnection.
absl::StatusOr<std::shared_ptr<PledgeConnection>> MakePledgeConnection(ClientOptions options = {});

// Pledges: file, activate, amend, renew, withdraw; suspend, reinstate, revoke; public status.
//
//   auto connection = fangxin::sdk::MakePledgeConnection(options);
//   fangxin::sdk::PledgeClient pledges(*connection);
//   auto status = pledges.GetStorePledgeStatus("merchants/91320902MA1XXXXXXX/stores/s1");
//
// A cheap value type over a shared PledgeConnection; thread-safe (a PaginationRange it returns
// is single-threaded). Errors carry the server's details (ErrorReasonOf, FieldViolationsOf).
class PledgeClient {
 public:
  explicit PledgeClient(std::shared_ptr<PledgeConnection> connection)
      : connection_(std::move(connection)) {}

  // `pledge`: store, kind, the terms of that kind, valid_from, valid_until. `pledge_id`: empty
  // to let the server choose.
  absl::StatusOr<v1::Pledge> CreatePledge(const v1::Pledge& pledge,
                                          const std::string& pledge_id = "");
  absl::StatusOr<v1::Pledge> CreatePledge(const v1::CreatePledgeRequest& request);
  absl::StatusOr<v1::Pledge> GetPledge(const std::string& name);
  // Filters (store, division, area, state, kind) and page_size come from `request`.
  PaginationRange<v1::Pledge> ListPledges(v1::ListPledgesRequest request = {});
  absl::StatusOr<v1::Pledge> ActivatePledge(const std::string& name, const std::string& etag);
  absl::StatusOr<v1::Pledge> AmendPledge(const v1::AmendPledgeRequest& request);
  // Returns the new pledge (the renewal).
  absl::StatusOr<v1::Pledge> RenewPledge(const v1::RenewPledgeRequest& request);
  absl::StatusOr<v1::Pledge> WithdrawPledge(const std::string& name, const std::string& etag,
                                            const std::string& reason);
  absl::StatusOr<v1::Pledge> SuspendPledge(const std::string& name, const std::string& etag,
                                           const std::string& reason);
  absl::StatusOr<v1::Pledge> ReinstatePledge(const std::string& name, const std::string& etag,
                                             const std::string& reason);
  absl::StatusOr<v1::Pledge> RevokePledge(const std::string& name, const std::string& etag,
                                          const std::string& reason);
  absl::StatusOr<v1::StorePledgeStatus> GetStorePledgeStatus(const std::string& store);

  const std::shared_ptr<PledgeConnection>& connection() const { return connection_; }

 private:
  std::shared_ptr<PledgeConnection> connection_;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_PLEDGE_CLIENT_H_
