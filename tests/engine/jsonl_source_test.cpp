// JsonlSource: line splitting independent of block size, CRLF, blank lines, truncation of
// over-long lines, batch limits, files, pipes and errors.

#include "engine/ingest/jsonl_source.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace {

using sigil::JsonlSource;
using sigil::RawBatch;
using sigil::ReadLimits;

// A file with the given contents, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    path_ = (std::filesystem::temp_directory_path() / "sigil_jsonl_XXXXXX").string();
    const int fd = ::mkstemp(path_.data());
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()));
    ::close(fd);
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Line {
  std::string bytes;
  std::size_t original_length;
  std::int64_t line;
  bool operator==(const Line&) const = default;
};

struct ReadAll {
  std::vector<Line> lines;
  std::uint64_t blank_lines = 0;
  std::vector<std::size_t> batch_sizes;  // records per batch
};

// Drains `source`, checking the invariants every batch must keep.
ReadAll read_all(JsonlSource& source, std::uint32_t source_id, ReadLimits limits = {}) {
  ReadAll all;
  RawBatch batch;
  while (source.read(batch, limits)) {
    CHECK(batch.records.size() <= limits.max_records);
    CHECK((batch.bytes.size() <= limits.max_bytes || batch.records.size() == 1));
    for (const auto& record : batch.records) {
      CHECK(record.position.source == source_id);
      CHECK(record.position.partition == -1);
      all.lines.push_back({std::string(batch.record_bytes(record)), record.original_length,
                           record.position.offset});
    }
    all.blank_lines += batch.blank_lines;
    all.batch_sizes.push_back(batch.records.size());
  }
  CHECK(batch.records.empty());
  CHECK_FALSE(source.read(batch, limits));  // stays exhausted
  return all;
}

ReadAll read_file(const std::string& contents, JsonlSource::Options options, ReadLimits limits = {}) {
  TempFile file(contents);
  auto source = JsonlSource::open(file.path(), 3, options);
  ReadAll all = read_all(source, 3, limits);
  CHECK(source.bytes_read() == contents.size());
  return all;
}

JsonlSource::Options with_block(std::size_t block_bytes, std::size_t keep_bytes = 16u << 20) {
  JsonlSource::Options options;
  options.block_bytes = block_bytes;
  options.keep_bytes = keep_bytes;
  return options;
}

}  // namespace

TEST_CASE("jsonl: lines become records numbered from 1") {
  const auto all = read_file("{\"a\":1}\n{\"b\":2}\n[]\n", {});
  CHECK(all.lines == std::vector<Line>{{"{\"a\":1}", 7, 1}, {"{\"b\":2}", 7, 2}, {"[]", 2, 3}});
  CHECK(all.blank_lines == 0);
}

TEST_CASE("jsonl: CRLF loses only the one '\\r' before the newline") {
  const auto all = read_file("a\r\nb\rc\r\nd\r\r\n", {});
  CHECK(all.lines == std::vector<Line>{{"a", 1, 1}, {"b\rc", 3, 2}, {"d\r", 2, 3}});
}

TEST_CASE("jsonl: blank and whitespace-only lines are counted and keep their line numbers") {
  const auto all = read_file("\n  \n{}\n\t\r\n\r\n{\"x\":1}\n \t \n", {});
  CHECK(all.lines == std::vector<Line>{{"{}", 2, 3}, {"{\"x\":1}", 7, 6}});
  CHECK(all.blank_lines == 5);
}

TEST_CASE("jsonl: the last line needs no newline") {
  CHECK(read_file("a\nb", {}).lines == std::vector<Line>{{"a", 1, 1}, {"b", 1, 2}});
  CHECK(read_file("a\nb\r", {}).lines == std::vector<Line>{{"a", 1, 1}, {"b", 1, 2}});
  CHECK(read_file("only", with_block(1)).lines == std::vector<Line>{{"only", 4, 1}});
}

TEST_CASE("jsonl: an empty file yields nothing") {
  const auto all = read_file("", {});
  CHECK(all.lines.empty());
  CHECK(all.batch_sizes.empty());
}

TEST_CASE("jsonl: a file of blank lines yields one batch with the count and no record") {
  const auto all = read_file("\n\n  \n", {});
  CHECK(all.lines.empty());
  CHECK(all.blank_lines == 3);
  CHECK(all.batch_sizes == std::vector<std::size_t>{0});
}

TEST_CASE("jsonl: an over-long line is cut, its true length kept, the next line intact") {
  const std::string longline(100, 'x');
  for (const std::size_t block : {1, 3, 8, 9, 10, 64, 4096}) {
    CAPTURE(block);
    const std::string contents = "short\n" + longline + "\nnext\n" + longline + "\r\nend";
    const auto all = read_file(contents, with_block(block, 8));
    CHECK(all.lines == std::vector<Line>{{"short", 5, 1},
                                         {"xxxxxxxx", 100, 2},
                                         {"next", 4, 3},
                                         {"xxxxxxxx", 100, 4},  // the '\r' is not content
                                         {"end", 3, 5}});
  }
}

TEST_CASE("jsonl: truncation at exactly keep_bytes and at end of file") {
  for (const std::size_t block : {1, 2, 7, 4096}) {
    CAPTURE(block);
    // Exactly keep_bytes of content, with and without CR: kept whole.
    CHECK(read_file("12345678\r\n12345678\n", with_block(block, 8)).lines ==
          std::vector<Line>{{"12345678", 8, 1}, {"12345678", 8, 2}});
    // One byte over, then an over-long last line without a newline.
    CHECK(read_file("123456789\n" + std::string(50, 'y'), with_block(block, 8)).lines ==
          std::vector<Line>{{"12345678", 9, 1}, {"yyyyyyyy", 50, 2}});
    // Over-long lines that are all blank are still records (the tail is never looked at).
    CHECK(read_file(std::string(20, ' ') + "\n", with_block(block, 8)).lines ==
          std::vector<Line>{{"        ", 20, 1}});
  }
}

TEST_CASE("jsonl: tiny blocks give the same records as one big block") {
  std::string contents;
  for (int i = 0; i < 200; ++i) {
    const std::string pad(static_cast<std::size_t>(i % 37), 'p');
    contents += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + pad + "\"}";
    contents += i % 5 == 0 ? "\r\n" : "\n";
    if (i % 7 == 0) contents += "  \n";
    if (i % 11 == 0) contents += "\n";
  }
  contents += "{\"last\":true}";
  const auto reference = read_file(contents, with_block(1u << 20, 40));
  REQUIRE(reference.lines.size() == 201);
  for (const std::size_t block : {1, 2, 7}) {
    CAPTURE(block);
    const auto all = read_file(contents, with_block(block, 40));
    CHECK(all.lines == reference.lines);
    CHECK(all.blank_lines == reference.blank_lines);
  }
}

TEST_CASE("jsonl: max_records splits batches without losing or renumbering lines") {
  std::string contents;
  for (int i = 1; i <= 10; ++i) contents += std::to_string(i) + "\n";
  const auto all = read_file(contents, with_block(4), ReadLimits{3, 1u << 20});
  CHECK(all.batch_sizes == std::vector<std::size_t>{3, 3, 3, 1});
  REQUIRE(all.lines.size() == 10);
  for (int i = 1; i <= 10; ++i) {
    const std::string text = std::to_string(i);
    CHECK(all.lines[static_cast<std::size_t>(i - 1)] == Line{text, text.size(), i});
  }
}

TEST_CASE("jsonl: max_bytes bounds a batch, but a larger record still gets a batch of its own") {
  const std::string ten(10, 'a');
  const std::string forty(40, 'b');
  const auto all = read_file(ten + "\n" + ten + "\n" + ten + "\n" + forty + "\n" + ten + "\n", {},
                             ReadLimits{1024, 25});
  CHECK(all.batch_sizes == std::vector<std::size_t>{2, 1, 1, 1});
  CHECK(all.lines.size() == 5);
  CHECK(all.lines[3] == Line{forty, 40, 4});
  CHECK(all.lines[4] == Line{ten, 10, 5});
}

TEST_CASE("jsonl: a reused batch is cleared") {
  TempFile file("first\nsecond\n");
  auto source = JsonlSource::open(file.path(), 0);
  RawBatch batch;
  REQUIRE(source.read(batch, ReadLimits{1, 1024}));
  REQUIRE(source.read(batch, ReadLimits{1, 1024}));
  REQUIRE(batch.records.size() == 1);
  CHECK(batch.records[0].offset == 0);
  CHECK(batch.bytes == "second");
}

TEST_CASE("jsonl: reading from a pipe fed in small writes") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const std::string contents = "{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}";
  std::thread writer([&] {
    for (std::size_t i = 0; i < contents.size(); i += 3) {
      const std::size_t n = std::min<std::size_t>(3, contents.size() - i);
      if (::write(fds[1], contents.data() + i, n) != static_cast<ssize_t>(n)) break;
      std::this_thread::yield();
    }
    ::close(fds[1]);
  });
  JsonlSource source(fds[0], true, 9);
  const auto all = read_all(source, 9);
  writer.join();
  CHECK(all.lines == std::vector<Line>{{"{\"a\":1}", 7, 1}, {"{\"b\":2}", 7, 3}, {"{\"c\":3}", 7, 4}});
  CHECK(all.blank_lines == 1);
}

TEST_CASE("jsonl: a missing file's error names the path") {
  const std::string path = "/nonexistent-sigil-dir/events.jsonl";
  try {
    (void)JsonlSource::open(path, 0);
    FAIL("open did not throw");
  } catch (const std::system_error& error) {
    CHECK(error.code().value() == ENOENT);
    CHECK(std::string(error.what()).find(path) != std::string::npos);
  }
}

TEST_CASE("jsonl: a directory is refused at open, naming it") {
  const std::string path = std::filesystem::temp_directory_path().string();
  try {
    (void)JsonlSource::open(path, 0);
    FAIL("open did not throw");
  } catch (const std::system_error& error) {
    CHECK(error.code().value() == EISDIR);
    CHECK(std::string(error.what()).find(path) != std::string::npos);
  }
}

TEST_CASE("jsonl: a read error throws system_error with the errno") {
  // read(2) on a directory fails with EISDIR; the constructor does not check, unlike open().
  const int fd = ::open(std::filesystem::temp_directory_path().c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(fd >= 0);
  JsonlSource source(fd, true, 0);
  RawBatch batch;
  try {
    source.read(batch, {});
    FAIL("read did not throw");
  } catch (const std::system_error& error) {
    CHECK(error.code().value() == EISDIR);
  }
}

TEST_CASE("jsonl: the fd moves with the source and is closed only if owned") {
  TempFile file("a\nb\n");
  std::optional<JsonlSource> moved;
  {
    auto original = JsonlSource::open(file.path(), 5, with_block(2));
    RawBatch batch;
    REQUIRE(original.read(batch, ReadLimits{1, 1024}));
    moved.emplace(std::move(original));
  }  // `original` is destroyed here; had it kept the fd, the next read would fail with EBADF.
  const auto rest = read_all(*moved, 5);
  CHECK(rest.lines == std::vector<Line>{{"b", 1, 2}});

  const int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  { JsonlSource borrowed(fd, false, 0); }
  CHECK(::fcntl(fd, F_GETFD) != -1);  // still open
  { JsonlSource owner(fd, true, 0); }
  CHECK(::fcntl(fd, F_GETFD) == -1);  // closed by the owner
}
