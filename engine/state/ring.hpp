#pragma once
// Ring<T>: a double-ended queue in one power-of-two buffer, for the time-ordered entries of
// sliding windows. push_back/pop_front/pop_back are O(1) and never allocate once the buffer has
// grown to the window's peak size (std::deque allocates and frees blocks as a window slides).
// insert(pos)/erase(first, last) shift the entries after the position: O(size - pos), cheap for
// the late events they serve (near the back).
//
// Memory: 24 bytes, plus capacity * sizeof(T) on the heap once it holds more than one entry
// (capacity = the next power of two >= peak size, at least 4; one entry is kept in the object).
// At most 2^31 entries (the windows cap theirs far lower).
// T must be trivially copyable. Thread safety: single-threaded.

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace sigil::state {

template <class T>
class Ring {
  static_assert(std::is_trivially_copyable_v<T>);
  static_assert(sizeof(T) <= 16 && alignof(T) <= 8, "one entry is kept in place of the buffer pointer");

 public:
  Ring() = default;
  Ring(const Ring& o) : cap_(o.cap_), size_(o.size_) {
    if (cap_ == 1) {
      s_.one = o.s_.one;
    } else if (cap_ > 1) {
      s_.heap = {new T[cap_], 0};
      for (std::size_t i = 0; i < size_; ++i) s_.heap.buf[i] = o[i];
    }
  }
  Ring& operator=(const Ring& o) {
    if (this != &o) *this = Ring(o);
    return *this;
  }
  Ring(Ring&& o) noexcept : s_(o.s_), cap_(o.cap_), size_(o.size_) { o.forget(); }
  Ring& operator=(Ring&& o) noexcept {
    if (this != &o) {
      free_heap();
      s_ = o.s_;
      cap_ = o.cap_;
      size_ = o.size_;
      o.forget();
    }
    return *this;
  }
  ~Ring() { free_heap(); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return cap_; }
  // Heap bytes: 0 while the ring holds at most one entry (kept in the object).
  std::size_t memory_bytes() const { return cap_ > 1 ? std::size_t{cap_} * sizeof(T) : 0; }

  T& operator[](std::size_t i) { return *slot(i); }
  const T& operator[](std::size_t i) const { return *const_cast<Ring*>(this)->slot(i); }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& v) {
    if (size_ == cap_) grow();
    *slot(size_) = v;
    ++size_;
  }
  void pop_front() {
    if (cap_ > 1) s_.heap.head = (s_.heap.head + 1) & (cap_ - 1);
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
    if (cap_ > 1) s_.heap.head = 0;
    size_ = 0;
  }
  // Frees the buffer (clear() keeps it for reuse).
  void release() {
    free_heap();
    forget();
  }

 private:
  // Capacity 1 is the entry in the object (a window that sees one event allocates nothing), then
  // a heap buffer of 4, then doubling.
  T* slot(std::size_t i) { return cap_ == 1 ? &s_.one : &s_.heap.buf[(s_.heap.head + i) & (cap_ - 1)]; }
  void grow() {
    if (cap_ == 0) {
      cap_ = 1;
      return;
    }
    const std::uint32_t cap = cap_ == 1 ? 4 : cap_ * 2;
    T* next = new T[cap];
    for (std::size_t i = 0; i < size_; ++i) next[i] = (*this)[i];
    free_heap();
    s_.heap = {next, 0};
    cap_ = cap;
  }
  void free_heap() {
    if (cap_ > 1) delete[] s_.heap.buf;
  }
  void forget() {
    s_.heap = {nullptr, 0};
    cap_ = size_ = 0;
  }

  union Store {
    struct Heap {
      T* buf;
      std::uint32_t head;  // index of the oldest entry
    } heap;
    T one;  // cap_ == 1
    Store() : heap{nullptr, 0} {}
  } s_;
  std::uint32_t cap_ = 0;  // 0, 1 (in s_.one) or a power of two >= 4 (s_.heap.buf)
  std::uint32_t size_ = 0;
};

}  // namespace sigil::state
