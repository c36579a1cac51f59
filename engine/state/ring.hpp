#pragma once
// Ring<T>: a double-ended queue in one power-of-two buffer, for the time-ordered entries of
// sliding windows. push_back/pop_front/pop_back are O(1) and never allocate once the buffer has
// grown to the window's peak size (std::deque allocates and frees blocks as a window slides).
// insert(pos)/erase(first, last) shift the entries after the position: O(size - pos), cheap for
// the late events they serve (near the back).
//
// Memory: capacity * sizeof(T) (capacity = the next power of two >= peak size), plus 24 bytes.
// At most 2^31 entries (the windows cap theirs far lower).
// T must be trivially copyable. Thread safety: single-threaded.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

namespace sigil::state {

template <class T>
class Ring {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  Ring() = default;
  Ring(const Ring& o) : cap_(o.cap_), head_(0), size_(o.size_) {
    if (cap_ > 0) buf_ = std::make_unique<T[]>(cap_);
    for (std::size_t i = 0; i < size_; ++i) buf_[i] = o[i];
  }
  Ring& operator=(const Ring& o) {
    if (this != &o) *this = Ring(o);
    return *this;
  }
  Ring(Ring&& o) noexcept : buf_(std::move(o.buf_)), cap_(o.cap_), head_(o.head_), size_(o.size_) {
    o.cap_ = o.head_ = o.size_ = 0;
  }
  Ring& operator=(Ring&& o) noexcept {
    buf_ = std::move(o.buf_);
    cap_ = o.cap_;
    head_ = o.head_;
    size_ = o.size_;
    o.cap_ = o.head_ = o.size_ = 0;
    return *this;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return cap_; }
  std::size_t memory_bytes() const { return std::size_t{cap_} * sizeof(T); }

  T& operator[](std::size_t i) { return buf_[(head_ + i) & mask()]; }
  const T& operator[](std::size_t i) const { return buf_[(head_ + i) & mask()]; }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& v) {
    if (size_ == cap_) grow();
    buf_[(head_ + size_) & mask()] = v;
    ++size_;
  }
  void pop_front() {
    head_ = (head_ + 1) & mask();
    --size_;
  }
  void pop_back() { --size_; }

  // The first position whose entry fails `pred`, the entries being partitioned by it (those
  // that hold first), as std::partition_point: O(1) when the last entry holds, else O(log n).
  template <class Pred>
  std::size_t partition_point(Pred pred) const {
    if (size_ == 0 || pred(back())) return size_;
    std::size_t lo = 0, hi = size_;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (pred((*this)[mid])) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // Inserts v before position pos (0 <= pos <= size).
  void insert(std::size_t pos, const T& v) {
    push_back(v);
    for (std::size_t i = size_ - 1; i > pos; --i) (*this)[i] = (*this)[i - 1];
    (*this)[pos] = v;
  }
  // Removes positions [first, last).
  void erase(std::size_t first, std::size_t last) {
    const std::size_t n = last - first;
    if (n == 0) return;
    for (std::size_t i = last; i < size_; ++i) (*this)[i - n] = (*this)[i];
    size_ -= static_cast<std::uint32_t>(n);
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }
  // Frees the buffer (clear() keeps it for reuse).
  void release() {
    clear();
    buf_.reset();
    cap_ = 0;
  }

 private:
  std::uint32_t mask() const { return cap_ - 1; }
  void grow() {
    const std::uint32_t cap = cap_ == 0 ? 4 : cap_ * 2;
    auto next = std::make_unique<T[]>(cap);
    for (std::size_t i = 0; i < size_; ++i) next[i] = (*this)[i];
    buf_ = std::move(next);
    cap_ = cap;
    head_ = 0;
  }

  std::unique_ptr<T[]> buf_;  // cap_ entries, cap_ a power of two (or 0)
  std::uint32_t cap_ = 0;
  std::uint32_t head_ = 0;
  std::uint32_t size_ = 0;
};

}  // namespace sigil::state
