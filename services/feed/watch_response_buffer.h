#ifndef FANGXIN_SERVICES_FEED_WATCH_RESPONSE_BUFFER_H_
#define FANGXIN_SERVICES_FEED_WATCH_RESPONSE_BUFFER_H_

#include "grpcpp/support/byte_buffer.h"
#include "services/feed/feed_core.h"

namespace fangxin {

// The message bytes of `response` for a raw WatchEvents write, without copying its events:
// each run of adjacent event bytes becomes one slice that references them (a group's events
// written together are one run), and the response stays alive, on the heap, until gRPC
// releases the last of those slices (after the write, or later if the transport still holds
// them). progress_revision, a few bytes, is copied into a slice of its own. Thread-safe.
grpc::ByteBuffer ToByteBuffer(WatchResponseBytes response);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_FEED_WATCH_RESPONSE_BUFFER_H_
