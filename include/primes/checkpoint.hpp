/// @file checkpoint.hpp
/// The journal of a long count's finished chunks, so that a stopped job continues where it
/// stopped instead of starting again.
///
/// One writer (the main thread of primes-threads, rank 0 of primes-mpi) appends a record per
/// finished chunk as soon as it holds the result, and makes the file durable (fdatasync) at
/// least every few seconds and at every stop. The file is text, one line per record, each line
/// ending with the CRC-32 of what precedes it on the line:
///
///   primes-checkpoint v2 first=F last=L kernel=K chunk_size=C chunks=N crc=XXXXXXXX
///   chunk INDEX FIRST LAST VALUE crc=XXXXXXXX
///
/// VALUE is the chunk's value (kernel.hpp), its words in decimal separated by commas: a count's
/// chunk has one word, its primes; a piece of pi(x) its part. Files of format v1 are read and
/// continued too (their pieces of pi(x) end "0 part=" and the words in hex).
///
/// The header names exactly what is counted; the chunks are fixed-size and numbered, whatever the
/// number of workers, so a job may resume with another -np or --threads. A reader trusts nothing
/// it cannot verify: a file of other parameters, or one that is not a checkpoint, is a usage error
/// (and is never written to); damage is an error that names where it is; only a torn last line
/// (no newline: the machine stopped mid-write) is dropped, with a warning, and counted again.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "primes/job.hpp"
#include "primes/work.hpp"

namespace primes {

/// A checkpoint that cannot be trusted: nothing is counted from it (exit status 1).
class CheckpointDamaged : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Most chunks a checkpointed job may have: each is a line of the file and a slot in memory.
inline constexpr std::uint64_t kMaxCheckpointChunks = 1000000;

/// CRC-32 (IEEE 802.3) of `bytes`: the checksum of every line of a checkpoint.
std::uint32_t crc32(std::string_view bytes) noexcept;

class Checkpoint {
 public:
  /// Opens `path` for `job` (whose `checkpointed` is set): continues the file when it exists and
  /// holds this job, or creates it atomically (temporary file, fsync, link into place, fsync of
  /// the directory). Throws UsageError for a file written for other parameters (naming the
  /// mismatch), a file that is not a checkpoint, a directory, an unwritable place, or a file that
  /// another running job holds; CheckpointDamaged for a damaged one. Each torn last record that
  /// is dropped adds a line to `warnings`.
  static Checkpoint open(const std::string& path, const Job& job,
                         std::chrono::milliseconds sync_every, std::vector<std::string>& warnings);

  Checkpoint(Checkpoint&& other) noexcept;
  Checkpoint& operator=(Checkpoint&&) = delete;
  Checkpoint(const Checkpoint&) = delete;
  ~Checkpoint();

  /// The job's plan (the file's), the chunks not yet recorded, and what the file already holds.
  const Work& work() const noexcept { return work_; }
  /// Appends the records of these finished chunks (written at once, so that they survive the
  /// process), and makes the file durable if the last time is `sync_every` ago.
  void record(const std::vector<ChunkResult>& results);
  /// Makes everything appended so far durable (fdatasync).
  void sync();
  /// sync() if records wait and the last sync is `sync_every` ago: call it now and then.
  void tick();
  /// Chunks recorded in all, this run's and earlier ones'.
  u128 recorded() const noexcept { return recorded_; }
  const std::string& path() const noexcept { return path_; }

 private:
  Checkpoint(std::string path, int fd, Work work, std::chrono::milliseconds sync_every);

  std::string path_;
  int fd_ = -1;
  Work work_;
  u128 recorded_ = 0;
  std::chrono::milliseconds sync_every_;
  std::chrono::steady_clock::time_point last_sync_;
  bool dirty_ = false;
};

}  // namespace primes
