#pragma once
// Ring<T>: a double-ended queue in one power-of-two buffer, for the time-ordered entries of
// sliding windows. push_back/pop_front/pop_back are O(1) and never allocate once the buffer has
// grown to the window's peak size (std::deque allocates and frees blocks as a window slides).
// insert(pos)/erase(first, last) shift the entries after the position: O(size - pos), cheap for
// the late events they serve (near the back).
//
// Memory: capacity * sizeof(T) (capacity = the next power of two >= peak size), plus 32 bytes.
// T must be trivially copyable. Thread safety: single-threaded.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace sigil::state {

template <class T>
class Ring {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return buf_.size(); }
  std::size_t memory_bytes() const { return buf_.capacity() * sizeof(T); }

  T& operator[](std::size_t i) { return buf_[(head_ + i) & mask()]; }
  const T& operator[](std::size_t i) const { return buf_[(head_ + i) & mask()]; }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& v) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & mask()] = v;
    ++size_;
  }
  void pop_front() {
    head_ = (head_ + 1) & mask();
    --size_;
  }
  void pop_back() { --size_; }

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
    size_ -= n;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }
  // Frees the buffer (clear() keeps it for reuse).
  void release() {
    clear();
    std::vector<T>().swap(buf_);
  }

 private:
  std::size_t mask() const { return buf_.size() - 1; }
  void grow() {
    std::vector<T> next(buf_.empty() ? 4 : buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) next[i] = (*this)[i];
    buf_.swap(next);
    head_ = 0;
  }

  std::vector<T> buf_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace sigil::state
