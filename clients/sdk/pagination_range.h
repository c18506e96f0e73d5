#ifndef FANGXIN_CLIENTS_SDK_PAGINATION_RANGE_H_
#define FANGXIN_CLIENTS_SDK_PAGINATION_RANGE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fangxin::sdk {

// One page of a List call, as a PaginationRange sees it.
template <typename T>
struct Page {
  std::vector<T> items;
  // Empty on the last page.
  std::string next_page_token;
  // The registry revision the listing started at (the same on every page of one listing).
  int64_t read_revision = 0;
};

// The items of a List call across all its pages, as an input range of absl::StatusOr<T>:
//
//   auto stores = client.ListStores(request);
//   for (const absl::StatusOr<v1::Store>& store : stores) {
//     if (!store.ok()) return store.status();  // the range ends after an error
//     ...
//   }
//   int64_t revision = stores.read_revision();  // watch from here to stay in sync
//
// Pages are fetched lazily: the first by begin(), each further one when iteration reaches the
// end of the previous one (pages that come back empty are skipped). An error is yielded once, as
// the last element. Single pass: begin() called again continues where iteration stands.
// Not thread-safe. Movable, not copyable; moving the range invalidates its iterators.
template <typename T>
class PaginationRange {
 public:
  // Fetches the page at `page_token` ("" for the first).
  using PageFetcher = std::function<absl::StatusOr<Page<T>>(const std::string& page_token)>;

  // `page_token`: where to start, e.g. a next_page_token() kept from an earlier range.
  explicit PaginationRange(PageFetcher fetcher, std::string page_token = "")
      : fetcher_(std::move(fetcher)), next_page_token_(std::move(page_token)) {}
  PaginationRange(PaginationRange&&) = default;
  PaginationRange& operator=(PaginationRange&&) = default;
  PaginationRange(const PaginationRange&) = delete;
  PaginationRange& operator=(const PaginationRange&) = delete;

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = absl::StatusOr<T>;
    using difference_type = std::ptrdiff_t;
    using pointer = value_type*;
    using reference = value_type&;

    iterator() = default;
    reference operator*() const { return range_->current_; }
    pointer operator->() const { return &range_->current_; }
    iterator& operator++() {
      range_->Advance();
      if (range_->done_) range_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) { return a.range_ == b.range_; }
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

   private:
    friend class PaginationRange;
    explicit iterator(PaginationRange* range) : range_(range) {}
    PaginationRange* range_ = nullptr;  // null at the end
  };

  iterator begin() {
    if (!started_) {
      started_ = true;
      Advance();
    }
    return done_ ? end() : iterator(this);
  }
  iterator end() { return iterator(); }

  // Stop after `n` pages (0, the default: no limit). Call before iterating. When the limit cuts
  // the listing short, next_page_token() says where to resume.
  void set_max_pages(int n) { max_pages_ = n; }

  // read_revision of the first page; 0 until begin() has fetched it.
  int64_t read_revision() const { return read_revision_; }
  // Pages fetched so far.
  int pages_fetched() const { return pages_fetched_; }
  // The token of the next page to fetch: empty once the listing is complete; after an error,
  // the token of the page that failed; after max_pages, where to resume.
  const std::string& next_page_token() const { return next_page_token_; }

 private:
  void Advance() {
    for (;;) {
      if (index_ < items_.size()) {
        current_ = std::move(items_[index_++]);
        return;
      }
      items_.clear();
      index_ = 0;
      const bool listing_complete = pages_fetched_ > 0 && next_page_token_.empty();
      const bool limit_reached = max_pages_ > 0 && pages_fetched_ >= max_pages_;
      if (failed_ || listing_complete || limit_reached) {
        done_ = true;
        return;
      }
      absl::StatusOr<Page<T>> page = fetcher_(next_page_token_);
      if (page.ok() && !page->next_page_token.empty() &&
          page->next_page_token == next_page_token_) {
        page = absl::InternalError("the server returned the page token it was sent; stopping");
      }
      if (!page.ok()) {
        failed_ = true;
        current_ = std::move(page).status();
        return;
      }
      if (++pages_fetched_ == 1) read_revision_ = page->read_revision;
      next_page_token_ = std::move(page->next_page_token);
      items_ = std::move(page->items);
    }
  }

  PageFetcher fetcher_;
  std::string next_page_token_;
  std::vector<T> items_;
  size_t index_ = 0;
  absl::StatusOr<T> current_;
  int max_pages_ = 0;
  int pages_fetched_ = 0;
  int64_t read_revision_ = 0;
  bool started_ = false;
  bool failed_ = false;
  bool done_ = false;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_PAGINATION_RANGE_H_
