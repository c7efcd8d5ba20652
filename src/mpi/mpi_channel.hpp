/// @file mpi_channel.hpp
/// One rank's end of primes-mpi's protocol: every MPI call of the project is behind these few
/// named functions (mpi_channel.cpp), so that the roles in process_count.cpp read as the
/// protocol, not as MPI.
///
/// Waiting never spins: MPI's blocking calls busy-poll, so a rank that waits would take a core
/// from a rank that counts. Barriers are MPI_Ibarrier plus test-and-sleep; messages are polled.
#pragma once

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/status.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "primes/work.hpp"

namespace primes::mpi {

/// What a rank says last: its final progress figure and how long its chunk requests waited.
struct RankSummary {
  std::uint64_t numbers_done = 0;
  std::uint64_t requests = 0;
  double max_reply_wait = 0.0;  ///< seconds from a request to its reply, the longest
};

/// A message that reached rank 0.
struct Incoming {
  enum class Kind { request, results, progress, done, stop };
  Kind kind = Kind::request;
  int rank = 0;
  std::vector<ChunkResult> results;  ///< results
  std::uint64_t numbers_done = 0;    ///< progress
  RankSummary summary;               ///< done
};

/// Sleeps between polls: short at first (replies usually come within microseconds), then
/// longer, so that a waiting thread uses no CPU that a counting one could use. A main thread
/// whose workers count shares their core (mpirun binds a rank to one core), so it sleeps up to
/// kWhileCounting and wakes the counting thread less often; one whose workers wait for it
/// sleeps at most kWhileWaiting.
class Backoff {
 public:
  static constexpr int kWhileCounting = 5000;  // microseconds
  static constexpr int kWhileWaiting = 1000;
  void pause(int longest_us);
  void reset() { delay_us_ = kFirstUs; }
  /// The end of a poll: starts again from the shortest pause when there was news, else pauses
  /// (as long as kWhileCounting while this rank's workers count).
  void after(bool news, bool counting) {
    if (news) {
      reset();
    } else {
      pause(counting ? kWhileCounting : kWhileWaiting);
    }
  }

 private:
  static constexpr int kFirstUs = 20;
  int delay_us_ = kFirstUs;
};

class Channel {
 public:
  explicit Channel(const boost::mpi::communicator& world);
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ~Channel();

  int rank() const { return world_.rank(); }
  int size() const { return world_.size(); }

  // Collectives: every rank calls them, in the same order.
  void barrier();
  /// The worst of every rank's `verdict` (an ordered code), and whether every rank gave the same
  /// `fingerprint` (of its command line): the first communication of a job, so that no rank
  /// ever waits for one that gave up.
  struct Agreement {
    int verdict = 0;
    bool same_fingerprint = true;
  };
  Agreement agree(int verdict, std::uint64_t fingerprint);
  /// Rank 0's `value`, on every rank.
  bool broadcast_flag(bool value);
  u128 broadcast_size(u128 value);
  /// Rank 0 gives one list of chunk indices per rank; every rank gets its own.
  std::vector<std::uint64_t> scatter_lists(const std::vector<std::vector<std::uint64_t>>& lists);
  /// Every rank's host name, on rank 0 (empty elsewhere).
  std::vector<std::string> gather_hosts(const std::string& host);

  // A counting rank's side (ranks other than 0).
  void request_chunk();
  /// The reply to this rank's oldest open request, if it has arrived: a chunk index, or
  /// nothing left (the outer optional is empty while no reply has arrived).
  std::optional<std::optional<std::uint64_t>> poll_reply();
  /// The same for a list job: a batch of numbers, or nothing left.
  std::optional<std::optional<Batch>> poll_batch();
  void send_results(const std::vector<ChunkResult>& results);
  void send_progress(std::uint64_t numbers_done);
  void send_done(const RankSummary& summary);
  /// --print: how far rank 0 has written, if it has said so since the last call (the latest).
  std::optional<std::uint64_t> poll_window();
  /// Tells rank 0 that a signal asked this rank to stop.
  void send_stop();
  /// Whether rank 0 has told this rank to stop.
  bool poll_stop();
  /// Requests sent so far, and the longest any of them waited for its reply (seconds).
  std::uint64_t requests_sent() const { return requests_sent_; }
  double max_reply_wait() const { return max_reply_wait_; }
  /// Waits until every message this rank sent has left.
  void flush();

  // Rank 0's side.
  /// The next message from any rank, if one has arrived.
  std::optional<Incoming> poll();
  /// Answers a chunk request: an index, or nothing left.
  void reply(int rank, std::optional<std::uint64_t> index);
  /// Answers a request of a list job: a batch of numbers, or nothing left.
  void reply_batch(int rank, std::optional<Batch> batch);
  /// Rank 0's outcome, on every rank (a collective).
  int broadcast_status(int status);
  /// Tells a rank to stop: no more chunks, abandon those in flight, report what is finished.
  void stop_rank(int rank);
  /// --print: tells a rank that every chunk below `written` is written.
  void send_window(int rank, std::uint64_t written);

  /// Ends the whole job (MPI_Abort) after a failure on this rank.
  [[noreturn]] void abort(int status);

 private:
  struct Pending;
  template <class T, class Allocator>
  void post(int dest, int tag, std::vector<T, Allocator> values);
  void reap();
  /// Receives the array of T that `status` (from a probe) announced.
  template <class T, class Allocator = std::allocator<T>>
  std::vector<T, Allocator> receive_array(const boost::mpi::status& status);
  /// One message of `tag` from `source` (it has arrived).
  template <class T>
  T receive(int source, int tag);
  /// The answer of `tag` to this rank's oldest open request, if it has arrived (noting how
  /// long the request waited).
  template <class T>
  std::optional<T> poll_answer(int tag);

  const boost::mpi::communicator& world_;
  std::deque<Pending> pending_;              // sends in flight, with their buffers
  std::deque<std::uint64_t> open_requests_;  // when each unanswered request left (ns)
  std::uint64_t requests_sent_ = 0;
  double max_reply_wait_ = 0.0;
};

}  // namespace primes::mpi
