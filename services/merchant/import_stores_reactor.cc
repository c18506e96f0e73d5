#include "services/merchant/import_stores_reactor.h"

#include <utility>

#include "common/errors.h"

namespace fangxin {

ImportStoresReactor::ImportStoresReactor(MerchantCore* core, Principal caller,
                                         v1::ImportStoresResponse* response)
    : core_(core), caller_(std::move(caller)), response_(response) {
  StartRead(&row_);
}

void ImportStoresReactor::OnReadDone(bool ok) {
  if (!ok) {
    bool finish;
    {
      absl::MutexLock lock(&mu_);
      stream_ended_ = true;
      finish = ReadyToFinishLocked();
    }
    if (finish) Finish(grpc::Status::OK);
    return;
  }
  // Take the row out of the read buffer first: the next StartRead may refill it at once.
  v1::ImportStoresRequest row = std::move(row_);
  size_t index;
  {
    absl::MutexLock lock(&mu_);
    index = results_.size();
    results_.emplace_back().set_row(row.row());
    ++in_flight_;
    if (in_flight_ < kMaxRowsInFlight) {
      StartRead(&row_);
    } else {
      read_paused_ = true;
    }
  }
  core_->ImportStoreRow(caller_, row, [this, index](absl::StatusOr<v1::Store> result) {
    OnRowDone(index, std::move(result));
  });
}

void ImportStoresReactor::OnRowDone(size_t index, absl::StatusOr<v1::Store> result) {
  bool finish;
  {
    absl::MutexLock lock(&mu_);
    RecordRowLocked(index, std::move(result));
    finish = ReadyToFinishLocked();
  }
  // Outside the lock: once finished, gRPC may run OnDone (which deletes this) on another thread
  // at any moment.
  if (finish) Finish(grpc::Status::OK);
}

void ImportStoresReactor::RecordRowLocked(size_t index, absl::StatusOr<v1::Store> result) {
  v1::ImportStoreResult& out = results_[index];
  if (result.ok()) {
    *out.mutable_store() = *std::move(result);
  } else {
    out.set_code(static_cast<int>(result.status().code()));
    out.set_message(std::string(result.status().message()));
    for (const FieldViolation& v : FieldViolationsOf(result.status())) {
      v1::FieldError* e = out.add_field_errors();
      e->set_field(v.field);
      e->set_description(v.description);
    }
  }
  --in_flight_;
  if (read_paused_ && in_flight_ < kMaxRowsInFlight) {
    read_paused_ = false;
    StartRead(&row_);
  }
}

bool ImportStoresReactor::ReadyToFinishLocked() {
  if (finished_ || !stream_ended_ || in_flight_ > 0) return false;
  finished_ = true;
  int64_t created = 0;
  for (v1::ImportStoreResult& r : results_) {
    if (r.code() == 0) ++created;
    *response_->add_results() = std::move(r);
  }
  response_->set_created(created);
  response_->set_failed(static_cast<int64_t>(results_.size()) - created);
  return true;
}

}  // namespace fangxin
