#include "clients/map/feed_follower.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "clients/map/resume_policy.h"
#include "common/errors.h"

namespace fangxin::map {

FeedFollower::FeedFollower(FeedSource* source, MapView* view, Options options)
    : source_(source),
      view_(view),
      options_(std::move(options)),
      backoff_bound_(options_.initial_backoff) {}

FeedFollower::~FeedFollower() { Stop(); }

void FeedFollower::Start() {
  thread_ = std::thread([this] { Run(); });
}

void FeedFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  source_->Cancel();
  if (thread_.joinable()) thread_.join();
}

FeedStatus FeedFollower::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

bool FeedFollower::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void FeedFollower::SetError(const absl::Status& status) {
  // Code, reason and message: what an operator needs, without the raw detail payloads.
  const std::string reason = ErrorReasonOf(status);
  const std::string text = absl::StrCat(absl::StatusCodeToString(status.code()),
                                        reason.empty() ? "" : " ", reason, ": ", status.message());
  std::fprintf(stderr, "fangxin-map: %s\n", text.c_str());
  absl::MutexLock lock(&mu_);
  status_.last_error = text;
  status_.watching = false;
}

void FeedFollower::Backoff() {
  absl::BitGen random;
  const absl::Duration wait = absl::Nanoseconds(
      absl::Uniform<int64_t>(random, 0, absl::ToInt64Nanoseconds(backoff_bound_) + 1));
  backoff_bound_ = std::min(backoff_bound_ * 2, options_.max_backoff);
  absl::MutexLock lock(&mu_);
  // Stop wakes the wait early.
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), wait);
}

void FeedFollower::Run() {
  bool need_listing = true;
  int64_t from_revision = 0;
  while (!stopping()) {
    if (need_listing) {
      absl::StatusOr<Listing> listing = source_->List();
      if (!listing.ok()) {
        if (stopping()) break;
        SetError(listing.status());
        Backoff();
        continue;
      }
      view_->Reset(*listing);
      need_listing = false;
      from_revision = listing->revision + 1;
      absl::MutexLock lock(&mu_);
      status_.listed = true;
      ++status_.lists;
    }
    {
      absl::MutexLock lock(&mu_);
      ++status_.watches;
    }
    const absl::Status ended = source_->Watch(from_revision, [&](const v1::WatchEventsResponse& r) {
      if (r.events_size() > 0) view_->ApplyEvents(r.events());
      view_->AdvanceTo(r.progress_revision());
      backoff_bound_ = options_.initial_backoff;  // the server answers again
      absl::MutexLock lock(&mu_);
      status_.watching = true;
    });
    if (stopping()) break;
    SetError(ended);
    const NextStep next = AfterWatchEnded(ended, view_->revision());
    if (next.backoff) Backoff();
    if (next.action == NextStep::Action::kRelist) {
      need_listing = true;
    } else {
      from_revision = next.from_revision;
    }
  }
}

}  // namespace fangxin::map
