/// @file checkpoint.cpp
/// The journal of finished chunks (see checkpoint.hpp): reading and checking it, creating it
/// durably, appending to it.
#include "primes/checkpoint.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

#include "primes/errors.hpp"
#include "primes/schedule.hpp"

namespace primes {
namespace {

constexpr std::string_view kMagic = "primes-checkpoint ";
// v2 records end with the chunk's value, its words in decimal, comma-separated. v1 files (read,
// and continued, as they are) wrote a count's value the same way and a part of pi(x) as "0
// part=" and its words in hex.
constexpr std::string_view kVersionField = "v2";
constexpr std::string_view kOldVersionField = "v1";

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

std::string system_error_text() {
  return std::strerror(errno);
}

// "LINE crc=XXXXXXXX\n": a line of the file, with the checksum of LINE.
std::string sealed(const std::string& line) {
  std::array<char, 16> crc{};
  std::snprintf(crc.data(), crc.size(), " crc=%08x\n", crc32(line));
  return line + crc.data();
}

// The content of a sealed line (without its newline) whose checksum holds, or nothing.
std::optional<std::string_view> unsealed(std::string_view line) {
  constexpr std::string_view kCrc = " crc=";
  const std::size_t at = line.rfind(kCrc);
  if (at == std::string_view::npos || line.size() != at + kCrc.size() + 8) return std::nullopt;
  std::uint32_t stored = 0;
  for (char c : line.substr(at + kCrc.size())) {
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    stored = stored << 4 | static_cast<std::uint32_t>(digit);
  }
  const std::string_view content = line.substr(0, at);
  if (crc32(content) != stored) return std::nullopt;
  return content;
}

// Whitespace-separated words of a line.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ')
      ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ')
      ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// A plain decimal number up to 2^64 (chunk counts may be 2^64), nothing else.
std::optional<u128> decimal(std::string_view text, std::size_t max_digits = 20,
                            u128 max = u128{1} << 64) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  u128 v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

// LAST past 2^64 - 1 (a count from zero by gourdon) stays below this: 10^31.
constexpr u128 kWideLast = u128{10'000'000'000'000'000ull} * 1'000'000'000'000'000ull;

// v1's records of pi(x) pieces: "0 part=" and the part's words in hex, comma-separated.
constexpr std::string_view kPartField = "part=";

// Words separated by commas, each read by `word` (nothing when one does not parse).
template <class ReadWord>
std::optional<ChunkValue> comma_words(std::string_view text, ReadWord word) {
  ChunkValue out;
  if (text.empty()) return out;
  for (std::size_t start = 0;;) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::optional<std::uint64_t> w = word(text.substr(start, comma - start));
    if (!w) return std::nullopt;
    out.push_back(*w);
    if (comma == text.size()) return out;
    start = comma + 1;
  }
}

std::optional<std::uint64_t> hex64(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    v = v << 4 | static_cast<std::uint64_t>(d);
  }
  return v;
}

std::optional<std::uint64_t> decimal64(std::string_view text) {
  const std::optional<u128> v = decimal(text);
  if (!v || *v > kMaxU64) return std::nullopt;
  return static_cast<std::uint64_t>(*v);
}

// A value's words in decimal, comma-separated.
std::string value_text(const ChunkValue& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (i != 0) out.push_back(',');
    out += std::to_string(value[i]);
  }
  return out;
}

// `range` is the job's (with lmo, the plan's chunks are pieces, not numbers of the range).
// The header's kernel field: the kernel's name, and "+double-check" when the plan counts twice.
std::string kernel_field(const Job& job) {
  return std::string(to_string(job.kernel)) + (job.double_check ? "+double-check" : "");
}

std::string header_line(Range range, const ChunkPlan& plan, const std::string& kernel) {
  return std::string(kMagic) + std::string(kVersionField) +
         " first=" + std::to_string(range.first) + " last=" + to_decimal(range.top()) +
         " kernel=" + kernel + " chunk_size=" + to_decimal(plan.chunk_size()) +
         " chunks=" + to_decimal(plan.count());
}

struct Header {
  std::string version;
  Range range;
  std::string kernel;
  u128 chunk_size = 0;
  u128 chunks = 0;
};

// The fields of a header whose checksum held; nothing when they do not parse.
std::optional<Header> parse_header(std::string_view content) {
  const std::vector<std::string_view> w = words(content);
  if (w.size() != 7 || w[0] != "primes-checkpoint") return std::nullopt;
  Header h;
  h.version = std::string(w[1]);
  auto field = [&](std::size_t i, std::string_view key) -> std::optional<std::string_view> {
    if (!w[i].starts_with(key) || w[i].size() <= key.size() || w[i][key.size()] != '=') {
      return std::nullopt;
    }
    return w[i].substr(key.size() + 1);
  };
  const auto first = field(2, "first");
  const auto last = field(3, "last");
  const auto kernel = field(4, "kernel");
  const auto chunk_size = field(5, "chunk_size");
  const auto chunks = field(6, "chunks");
  if (!first || !last || !kernel || !chunk_size || !chunks) return std::nullopt;
  const auto f = decimal64(*first);
  const auto l = decimal(*last, 32, kWideLast);  // past 2^64 for pi(x) (Range::last_high)
  const auto cs = decimal(*chunk_size);
  const auto n = decimal(*chunks);
  if (!f || !l || !cs || !n || *f > *l || *cs == 0) return std::nullopt;
  if (*l > kMaxU64 && *f != 0) return std::nullopt;
  h.range = {*f, static_cast<std::uint64_t>(*l), static_cast<std::uint64_t>(*l >> 64)};
  h.kernel = std::string(*kernel);
  h.chunk_size = *cs;
  h.chunks = *n;
  return h;
}

// The job's own plan under --checkpoint, or a usage error when it has too many chunks.
void check_chunk_count(const std::string& path, u128 chunks) {
  if (chunks > kMaxCheckpointChunks) {
    throw UsageError("--checkpoint " + quoted_path(path) + ": " + to_decimal(chunks) +
                     " chunks is more than " + std::to_string(kMaxCheckpointChunks) +
                     " (give a larger --chunk-size)");
  }
}

// Refuses a file written for another count, naming the first field that differs.
void check_same_job(const std::string& path, const Header& h, const Job& job) {
  auto mismatch = [&](const std::string& what, const std::string& file, const std::string& now) {
    throw UsageError("checkpoint " + quoted_path(path) + " was written for " + what + " " + file +
                     ", not " + now + " (give the same " + what + ", or another file)");
  };
  if (h.range.first != job.range.first) {
    mismatch("FIRST", std::to_string(h.range.first), std::to_string(job.range.first));
  }
  if (h.range.top() != job.range.top()) {
    mismatch("LAST", to_decimal(h.range.top()), to_decimal(job.range.top()));
  }
  const std::string kernel(to_string(job.kernel));
  const bool checked = h.kernel.ends_with("+double-check");
  const std::string file_kernel = h.kernel.substr(0, h.kernel.size() - (checked ? 13 : 0));
  if (file_kernel != kernel) mismatch("--kernel", file_kernel, kernel);
  if (checked != job.double_check) {
    throw UsageError("checkpoint " + quoted_path(path) + " was written by a count " +
                     (checked ? "with" : "without") + " --double-check (" +
                     (checked ? "add it" : "drop it") + ", or give another file)");
  }
  if (job.chunk_size && u128{*job.chunk_size} != h.chunk_size) {
    mismatch("--chunk-size", to_decimal(h.chunk_size), std::to_string(*job.chunk_size));
  }
}

std::string read_all(int fd, const std::string& path) {
  std::string content;
  std::array<char, 1 << 16> buf{};
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buf.data(), buf.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw UsageError("cannot read checkpoint " + quoted_path(path) + ": " + system_error_text());
    if (n == 0) return content;
    content.append(buf.data(), static_cast<std::size_t>(n));
    at += n;
  }
}

void write_all(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw std::runtime_error("cannot write to checkpoint " + quoted_path(path) + ": " +
                               system_error_text());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Opens an existing checkpoint for appending, locked against a second job on the same file.
int open_locked(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    throw UsageError("cannot write to checkpoint " + quoted_path(path) + ": " +
                     system_error_text());
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    throw UsageError("checkpoint " + quoted_path(path) + " is in use by another running job");
  }
  return fd;
}

// Creates `path` holding `header` as a whole or not at all. Returns false when another process
// created it first.
bool create_durably(const std::string& path, const std::string& header) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw UsageError("cannot create checkpoint " + quoted_path(path) + ": " + system_error_text());
  }
  try {
    write_all(fd, header, path);
    if (::fsync(fd) != 0) throw std::runtime_error("fsync failed: " + system_error_text());
  } catch (const std::exception& e) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw UsageError("cannot create checkpoint " + quoted_path(path) + ": " + e.what());
  }
  ::close(fd);
  // link() never replaces an existing file; where hard links are not supported, rename().
  bool created = ::link(tmp.c_str(), path.c_str()) == 0;
  const int link_error = errno;
  if (!created && link_error != EEXIST) created = ::rename(tmp.c_str(), path.c_str()) == 0;
  const int rename_error = errno;
  ::unlink(tmp.c_str());
  if (!created && link_error == EEXIST) return false;
  if (!created) {
    throw UsageError("cannot create checkpoint " + quoted_path(path) + ": " +
                     std::strerror(rename_error));
  }
  const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

// The header of an existing file and where it ends (its newline), once it is known to be a
// checkpoint of this job in a format this program reads; a usage error or damage otherwise.
struct CheckedHeader {
  Header header;
  std::size_t end = 0;
};
CheckedHeader check_header(const std::string& path, std::string_view content, const Job& job) {
  if (!content.starts_with(kMagic)) {
    throw UsageError(quoted_path(path) +
                     " exists and is not a checkpoint: it is left untouched (give another file)");
  }
  const std::size_t header_end = content.find('\n');
  if (header_end == std::string::npos) {
    throw CheckpointDamaged("checkpoint " + quoted_path(path) + ": its header is incomplete");
  }
  const std::optional<std::string_view> text = unsealed(content.substr(0, header_end));
  if (!text) {
    throw CheckpointDamaged("checkpoint " + quoted_path(path) +
                            ": its header (byte 0) fails its checksum");
  }
  const std::optional<Header> header = parse_header(*text);
  if (!header) {
    throw CheckpointDamaged("checkpoint " + quoted_path(path) +
                            ": its header (byte 0) is malformed");
  }
  if (header->version != kVersionField && header->version != kOldVersionField) {
    throw UsageError("checkpoint " + quoted_path(path) + " has format " + header->version +
                     "; this program reads " + std::string(kVersionField) + " and " +
                     std::string(kOldVersionField));
  }
  check_same_job(path, *header, job);
  return {*header, header_end};
}

struct Record {
  std::uint64_t index = 0;
  Range range;
  ChunkValue value;
};

// A chunk record's fields, whose checksum held; nothing when they do not parse.
std::optional<Record> parse_record(std::string_view text) {
  std::vector<std::string_view> w = words(text);
  std::optional<ChunkValue> value;
  if (w.size() == 6 && w[4] == "0" && w[5].starts_with(kPartField)) {  // v1's part of pi(x)
    value = comma_words(w[5].substr(kPartField.size()), hex64);
  } else if (w.size() == 5) {
    value = comma_words(w[4], decimal64);
  }
  if (!value || w[0] != "chunk") return std::nullopt;
  const std::optional<std::uint64_t> index = decimal64(w[1]);
  const std::optional<std::uint64_t> first = decimal64(w[2]);
  const std::optional<std::uint64_t> last = decimal64(w[3]);
  if (!index || !first || !last || *first > *last) return std::nullopt;
  return Record{*index, {*first, *last}, std::move(*value)};
}

// Reads the records from byte `at` into `work` (its plan set, its todo filled here). Returns
// where the records end: the content's size, or the start of a torn last record (dropped, with
// a warning).
std::size_t read_records(const std::string& path, std::string_view content, std::size_t at,
                         Work& work, std::vector<std::string>& warnings) {
  std::vector<bool> done(static_cast<std::size_t>(work.plan.count()), false);
  for (std::uint64_t number = 1; at < content.size(); ++number) {
    const std::size_t end = content.find('\n', at);
    if (end == std::string::npos) {
      warnings.push_back("checkpoint " + quoted_path(path) +
                         ": dropped a torn last record at byte " + std::to_string(at) +
                         " (that chunk is counted again)");
      break;
    }
    const std::string where = "checkpoint " + quoted_path(path) + ": record " +
                              std::to_string(number) + " (byte " + std::to_string(at) + ")";
    const std::optional<std::string_view> text = unsealed(content.substr(at, end - at));
    if (!text) throw CheckpointDamaged(where + " fails its checksum");
    const std::optional<Record> r = parse_record(*text);
    if (!r) throw CheckpointDamaged(where + " is not a chunk record");
    if (u128{r->index} >= work.plan.count()) {
      throw CheckpointDamaged(where + " names chunk " + std::to_string(r->index) +
                              ", outside the plan of " + to_decimal(work.plan.count()) + " chunks");
    }
    if (work.plan.chunk(r->index) != r->range) {
      throw CheckpointDamaged(where + " does not match chunk " + std::to_string(r->index) +
                              " of the plan");
    }
    if (done[r->index])
      throw CheckpointDamaged(where + " repeats chunk " + std::to_string(r->index));
    done[r->index] = true;
    try {
      work.join->add(r->index, r->value);
    } catch (const std::runtime_error& e) {
      throw CheckpointDamaged(where + ": " + e.what());
    }
    ++work.resumed_chunks;
    work.resumed_primes += work.join->primes_in(r->value);
    work.resumed_numbers += r->range.size();
    work.resumed_work += work.join->work_of(r->index, r->range);
    at = end + 1;
  }
  std::vector<std::uint64_t> todo;
  todo.reserve(done.size() - static_cast<std::size_t>(work.resumed_chunks));
  for (std::size_t i = 0; i < done.size(); ++i) {
    if (!done[i]) todo.push_back(i);
  }
  work.todo = ChunkList::of(std::move(todo));
  return std::min(at, content.size());
}

}  // namespace

std::uint32_t crc32(std::string_view bytes) noexcept {
  std::uint32_t c = 0xFFFFFFFFu;
  for (char b : bytes)
    c = kCrcTable[(c ^ static_cast<unsigned char>(b)) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

Checkpoint::Checkpoint(std::string path, int fd, Work work, std::chrono::milliseconds sync_every)
    : path_(std::move(path)),
      fd_(fd),
      work_(std::move(work)),
      recorded_(work_.resumed_chunks),
      sync_every_(sync_every),
      last_sync_(std::chrono::steady_clock::now()) {}

Checkpoint::Checkpoint(Checkpoint&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      work_(std::move(other.work_)),
      recorded_(other.recorded_),
      sync_every_(other.sync_every_),
      last_sync_(other.last_sync_),
      dirty_(other.dirty_) {}

Checkpoint::~Checkpoint() {
  if (fd_ < 0) return;
  if (dirty_) ::fdatasync(fd_);
  ::close(fd_);
}

Checkpoint Checkpoint::open(const std::string& path, const Job& job,
                            std::chrono::milliseconds sync_every,
                            std::vector<std::string>& warnings) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      throw UsageError("cannot use checkpoint " + quoted_path(path) + ": " + system_error_text());
    }
    const ChunkPlan plan = job.plan();
    check_chunk_count(path, plan.count());
    if (!create_durably(path, sealed(header_line(job.range, plan, kernel_field(job))))) {
      return open(path, job, sync_every, warnings);  // another job created it just now
    }
    return Checkpoint(path, open_locked(path),
                      Work{plan, ChunkList::range(0, plan.count()), job.new_join()}, sync_every);
  }
  if (S_ISDIR(st.st_mode)) {
    throw UsageError("checkpoint " + quoted_path(path) + " is a directory (give a file name)");
  }
  if (!S_ISREG(st.st_mode)) {
    throw UsageError("checkpoint " + quoted_path(path) + " is not a regular file");
  }
  const int fd = open_locked(path);
  try {
    const std::string content = read_all(fd, path);
    const auto [header, header_end] = check_header(path, content, job);
    const ChunkPlan plan = job.plan_of(header.chunk_size);
    if (plan.count() != header.chunks) {
      throw CheckpointDamaged("checkpoint " + quoted_path(path) + ": its header says " +
                              to_decimal(header.chunks) + " chunks, its range and chunk size " +
                              to_decimal(plan.count()));
    }
    check_chunk_count(path, plan.count());
    Work work{plan, ChunkList::range(0, 0), job.new_join()};
    const std::size_t end = read_records(path, content, header_end + 1, work, warnings);
    if (end < content.size() &&
        (::ftruncate(fd, static_cast<off_t>(end)) != 0 || ::fdatasync(fd) != 0)) {
      throw std::runtime_error("cannot cut the torn record off checkpoint " + quoted_path(path) +
                               ": " + system_error_text());
    }
    return Checkpoint(path, fd, std::move(work), sync_every);
  } catch (...) {
    ::close(fd);
    throw;
  }
}

void Checkpoint::record(const std::vector<ChunkResult>& results) {
  if (results.empty()) return;
  std::string lines;
  for (const ChunkResult& r : results) {
    lines += sealed("chunk " + std::to_string(r.index) + " " + std::to_string(r.range.first) + " " +
                    std::to_string(r.range.last) + " " + value_text(r.value));
  }
  write_all(fd_, lines, path_);
  recorded_ += results.size();
  dirty_ = true;
  tick();
}

void Checkpoint::tick() {
  if (dirty_ && std::chrono::steady_clock::now() - last_sync_ >= sync_every_) sync();
}

void Checkpoint::sync() {
  if (dirty_ && ::fdatasync(fd_) != 0) {
    throw std::runtime_error("cannot flush checkpoint " + quoted_path(path_) + ": " +
                             system_error_text());
  }
  dirty_ = false;
  last_sync_ = std::chrono::steady_clock::now();
}

}  // namespace primes
