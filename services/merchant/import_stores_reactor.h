#ifndef FANGXIN_SERVICES_MERCHANT_IMPORT_STORES_REACTOR_H_
#define FANGXIN_SERVICES_MERCHANT_IMPORT_STORES_REACTOR_H_

#include <deque>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "fangxin/v1/merchant_service.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/merchant/merchant_core.h"

namespace fangxin {

// Server side of ImportStores. Each row is validated and committed on its own, so a bad row
// never blocks the others; rows are pipelined (up to kMaxRowsInFlight commits outstanding, which
// group commit batches into few fsyncs) and the stream is read no faster than rows complete.
// The response lists one result per row in the order received.
//
// Lifetime: created per call, deletes itself in OnDone. Thread-safe: reads complete on gRPC
// threads, commits on the registry's reply thread.
class ImportStoresReactor final : public grpc::ServerReadReactor<v1::ImportStoresRequest> {
 public:
  static constexpr int kMaxRowsInFlight = 256;

  ImportStoresReactor(MerchantCore* core, Principal caller, v1::ImportStoresResponse* response);

  void OnReadDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  void OnRowDone(size_t index, absl::StatusOr<v1::Store> result);
  void RecordRowLocked(size_t index, absl::StatusOr<v1::Store> result)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // True exactly once: when the stream has ended and every row is answered. The response is
  // then complete; the caller calls Finish after releasing mu_, because OnDone may delete this
  // as soon as Finish is called.
  bool ReadyToFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  MerchantCore* const core_;
  const Principal caller_;
  v1::ImportStoresResponse* const response_;
  v1::ImportStoresRequest row_;  // Filled by StartRead; only touched between reads.

  absl::Mutex mu_;
  std::deque<v1::ImportStoreResult> results_ ABSL_GUARDED_BY(mu_);
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool read_paused_ ABSL_GUARDED_BY(mu_) = false;
  bool stream_ended_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_MERCHANT_IMPORT_STORES_REACTOR_H_
