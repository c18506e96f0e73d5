#ifndef FANGXIN_TESTS_BENCH_FANGXIN_BENCH_WATCH_FANOUT_H_
#define FANGXIN_TESTS_BENCH_FANGXIN_BENCH_WATCH_FANOUT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace fangxin::bench {

// Where one watch stream reports to. Each write carries a sequence number in its key (the
// store id for fangxin, the key for etcd), so the receiver can look up when it was sent: the
// latency measured is the writer's send time to the watcher's receipt, commit included, on
// one clock. Called from gRPC's callback threads, one call at a time per stream.
class WatchSink {
 public:
  virtual ~WatchSink() = default;
  // The server has registered the watch: writes from now on reach it.
  virtual void OnRegistered() = 0;
  // One message arrived (its events follow as OnEvent calls): how far the server batches.
  virtual void OnMessage() = 0;
  virtual void OnEvent(int64_t seq) = 0;
  // The stream ended; `cancelled` when the bench ended it, otherwise the server did.
  virtual void OnEnd(bool cancelled) = 0;
};

// One open watch stream of a target.
class WatchStream {
 public:
  virtual ~WatchStream() = default;
  virtual void Cancel() = 0;
  // Returns once the stream has ended (after Cancel, or when the server ended it).
  virtual void WaitEnded() = 0;
};

// fangxin-bench --watch: `watchers` streams on each target, a writer at each rate for
// `seconds`, every event checked to arrive at every watcher exactly once.
struct WatchModeOptions {
  std::string fangxind;       // Path of the server binary.
  std::string divisions_csv;  // --divisions for the server.
  std::string work_dir;
  std::string json;  // Optional output file.
  std::vector<std::string> targets = {"etcd", "fangxin"};
  int watchers = 1000;
  std::vector<int> rates = {100, 200};  // Commits per second.
  double seconds = 10;
  int runs = 3;
  int payload_bytes = 1024;
};

// Prints the table to stdout (progress to stderr); 0 when every event reached every watcher.
int RunWatchMode(const WatchModeOptions& options);

}  // namespace fangxin::bench

#endif  // FANGXIN_TESTS_BENCH_FANGXIN_BENCH_WATCH_FANOUT_H_
