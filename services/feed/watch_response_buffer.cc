#include "services/feed/watch_response_buffer.h"

#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "grpcpp/support/slice.h"

namespace fangxin {
namespace {

// The response behind a message's slices, deleted by the last slice gRPC releases.
struct SlicedResponse {
  explicit SlicedResponse(WatchResponseBytes bytes) : response(std::move(bytes)) {}

  WatchResponseBytes response;
  std::atomic<int> live_slices{0};
};

void ReleaseSlice(void* user_data) {
  auto* sliced = static_cast<SlicedResponse*>(user_data);
  if (sliced->live_slices.fetch_sub(1, std::memory_order_acq_rel) == 1) delete sliced;
}

// Merges adjacent views in place: a group's events sent together are contiguous in its buffer.
void MergeAdjacent(std::vector<absl::string_view>* views) {
  size_t runs = 0;
  for (size_t i = 0; i < views->size(); ++i) {
    const absl::string_view view = (*views)[i];
    if (runs > 0 && (*views)[runs - 1].data() + (*views)[runs - 1].size() == view.data()) {
      (*views)[runs - 1] =
          absl::string_view((*views)[runs - 1].data(), (*views)[runs - 1].size() + view.size());
    } else {
      (*views)[runs++] = view;
    }
  }
  views->resize(runs);
}

}  // namespace

grpc::ByteBuffer ToByteBuffer(WatchResponseBytes response) {
  const int64_t progress_revision = response.progress_revision;
  std::vector<grpc::Slice> slices;
  if (!response.events.empty()) {
    auto* sliced = new SlicedResponse(std::move(response));
    // From here on the response's views are runs of events, one slice each.
    std::vector<absl::string_view>& runs = sliced->response.events;
    MergeAdjacent(&runs);
    slices.reserve(runs.size() + 1);
    // Counted before the first slice exists, so that no release can see zero early.
    sliced->live_slices.store(static_cast<int>(runs.size()), std::memory_order_relaxed);
    for (absl::string_view run : runs) {
      // gRPC only reads a slice's bytes; its constructor just wants a non-const pointer.
      slices.emplace_back(const_cast<char*>(run.data()), run.size(), &ReleaseSlice, sliced);
    }
  }
  if (progress_revision != 0) {
    // Field 2 (varint), as protobuf writes it: omitted when 0.
    constexpr uint8_t kProgressRevisionTag = 2 << 3;
    uint8_t bytes[1 + 10];  // The tag and a 64-bit varint.
    bytes[0] = kProgressRevisionTag;
    const uint8_t* end = google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(
        static_cast<uint64_t>(progress_revision), bytes + 1);
    slices.emplace_back(bytes, static_cast<size_t>(end - bytes));
  }
  return grpc::ByteBuffer(slices.data(), slices.size());
}

}  // namespace fangxin
