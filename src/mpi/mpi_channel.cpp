/// @file mpi_channel.cpp
/// Every MPI call of the project (see mpi_channel.hpp), in the order of the protocol:
///
///   message    type         from -> to      when
///   allreduce  int, u64     all -> all      first: the verdict on the command line (and rank
///                                           0's checkpoint), and a fingerprint of argv
///   gather     std::string  all -> 0        host names
///   broadcast  u64 x 2      0 -> all        the plan's chunk size (a checkpoint's, if any)
///   broadcast  bool         0 -> all        whether rank 0 draws progress
///   scatter    u64[]        0 -> all        static schedule: each rank's chunk indices
///   kRequest   NoteMsg      r -> 0          dynamic: "one more chunk, please"
///   kReply     ReplyMsg     0 -> r          dynamic: a chunk index, or none left
///   kBatch     BatchMsg     0 -> r          a list (--input): a batch of numbers, or none left
///   kResults   bytes        r -> 0          the chunks r finished since its last message: each
///                                           one's index, range, time, value (its kernel's words)
///                                           and, with --print, its primes as text
///   kWindow    NoteMsg      0 -> r          --print: every chunk below this one is written
///   kProgress  NoteMsg      r -> 0          numbers counted so far (only when 0 draws progress)
///   kDone      DoneMsg      r -> 0          r's last message: it has no work left
///   kStop      NoteMsg      r -> 0          a signal reached r: stop the job
///   kStop      NoteMsg      0 -> r          stop: hand out nothing more, abandon what is in
///                                           flight, report what is finished, then kDone
///   barrier                 all             at the end
///   broadcast  int          0 -> all        the outcome: done, stopped, or bad input
///
/// Fixed-layout messages are MPI datatypes built once by Boost.MPI from serialize(); only the
/// host names, the static lists and the batches of numbers go through Boost.Serialization: a
/// batch is one object (index, position, numbers), sent as it is, as the tutorial's processes
/// pickle theirs. MPI keeps messages from one rank
/// to another in the order they were sent, so rank 0 sees a rank's results before its kDone.
#include "mpi_channel.hpp"

#include <mpi.h>

#include <bit>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/datatype.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>
#include <thread>

#include "primes/clock.hpp"

namespace primes::mpi {

struct ReplyMsg {
  std::uint64_t index = 0;
  std::uint64_t valid = 0;  // 0: no chunk left
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& index& valid;
  }
};

struct NoteMsg {
  std::uint64_t value = 0;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& value;
  }
};

struct BatchMsg {
  std::uint64_t valid = 0;  // 0: no batch left
  std::uint64_t index = 0;
  std::uint64_t first = 0;
  std::vector<std::uint64_t> numbers;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& valid& index& first& numbers;
  }
};

struct DoneMsg {
  std::uint64_t numbers_done = 0;
  std::uint64_t requests = 0;
  double max_reply_wait = 0.0;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& numbers_done& requests& max_reply_wait;
  }
};

}  // namespace primes::mpi

BOOST_IS_MPI_DATATYPE(primes::mpi::ReplyMsg)
BOOST_IS_MPI_DATATYPE(primes::mpi::NoteMsg)
BOOST_IS_MPI_DATATYPE(primes::mpi::DoneMsg)
BOOST_CLASS_TRACKING(primes::mpi::ReplyMsg, track_never)
BOOST_CLASS_TRACKING(primes::mpi::NoteMsg, track_never)
BOOST_CLASS_TRACKING(primes::mpi::DoneMsg, track_never)

namespace primes::mpi {
namespace {

namespace bmpi = boost::mpi;

enum Tag : int {
  kRequest = 1,
  kReply = 2,
  kResults = 3,
  kProgress = 4,
  kDone = 5,
  kStop = 6,
  kBatch = 7,
  kWindow = 8,
};
constexpr int kRoot = 0;

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
          .count());
}

}  // namespace

void Backoff::pause(int longest_us) {
  delay_us_ = std::min(delay_us_, longest_us);
  std::this_thread::sleep_for(std::chrono::microseconds(delay_us_));
  delay_us_ = std::min(delay_us_ * 2, longest_us);
}

/// A send in flight: its buffer must live until the send completes.
struct Channel::Pending {
  std::shared_ptr<void> buffer;
  bmpi::request request;
};

Channel::Channel(const bmpi::communicator& world) : world_(world) {}

Channel::~Channel() {
  // Normal ends flush(); after a failure the job is aborted and buffers may simply go.
}

template <class T, class Allocator>
void Channel::post(int dest, int tag, std::vector<T, Allocator> values) {
  reap();
  if (values.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::runtime_error("a message of " + std::to_string(values.size()) +
                             " items is more than MPI sends at once (use smaller chunks)");
  }
  auto buffer = std::make_shared<std::vector<T, Allocator>>(std::move(values));
  bmpi::request request = world_.isend(dest, tag, buffer->data(), static_cast<int>(buffer->size()));
  pending_.push_back({std::move(buffer), std::move(request)});
}

template <class T, class Allocator>
std::vector<T, Allocator> Channel::receive_array(const boost::mpi::status& status) {
  MPI_Status raw = status;
  int n = 0;
  MPI_Get_count(&raw, bmpi::get_mpi_datatype<T>(), &n);
  std::vector<T, Allocator> values(static_cast<std::size_t>(std::max(n, 0)));
  world_.recv(status.source(), status.tag(), values.data(), n);
  return values;
}

void Channel::reap() {
  while (!pending_.empty() && pending_.front().request.test())
    pending_.pop_front();
}

void Channel::flush() {
  Backoff backoff;
  for (reap(); !pending_.empty(); reap())
    backoff.pause(Backoff::kWhileWaiting);
}

void Channel::barrier() {
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Ibarrier(static_cast<MPI_Comm>(world_), &request);
  Backoff backoff;
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) return;
    backoff.pause(Backoff::kWhileWaiting);
  }
}

Channel::Agreement Channel::agree(int verdict, std::uint64_t fingerprint) {
  Agreement a;
  a.verdict = bmpi::all_reduce(world_, verdict, bmpi::maximum<int>());
  const std::uint64_t lowest =
      bmpi::all_reduce(world_, fingerprint, bmpi::minimum<std::uint64_t>());
  const std::uint64_t highest =
      bmpi::all_reduce(world_, fingerprint, bmpi::maximum<std::uint64_t>());
  a.same_fingerprint = lowest == highest;
  return a;
}

bool Channel::broadcast_flag(bool value) {
  int flag = value ? 1 : 0;
  bmpi::broadcast(world_, flag, kRoot);
  return flag != 0;
}

u128 Channel::broadcast_size(u128 value) {
  std::uint64_t halves[2] = {static_cast<std::uint64_t>(value),
                             static_cast<std::uint64_t>(value >> 64)};
  bmpi::broadcast(world_, halves, 2, kRoot);
  return u128{halves[1]} << 64 | halves[0];
}

std::vector<std::uint64_t> Channel::scatter_lists(
    const std::vector<std::vector<std::uint64_t>>& lists) {
  std::vector<std::uint64_t> mine;
  if (rank() == kRoot) {
    bmpi::scatter(world_, lists, mine, kRoot);
  } else {
    bmpi::scatter(world_, mine, kRoot);
  }
  return mine;
}

std::vector<std::string> Channel::gather_hosts(const std::string& host) {
  std::vector<std::string> hosts;
  bmpi::gather(world_, host, hosts, kRoot);
  return hosts;
}

void Channel::request_chunk() {
  open_requests_.push_back(now_ns());
  ++requests_sent_;
  post(kRoot, kRequest, std::vector<NoteMsg>{NoteMsg{}});
}

template <class T>
T Channel::receive(int source, int tag) {
  T msg;
  world_.recv(source, tag, msg);
  return msg;
}

template <class T>
std::optional<T> Channel::poll_answer(int tag) {
  if (open_requests_.empty() || !world_.iprobe(kRoot, tag)) return std::nullopt;
  T msg = receive<T>(kRoot, tag);
  const double waited = static_cast<double>(now_ns() - open_requests_.front()) * 1e-9;
  open_requests_.pop_front();
  max_reply_wait_ = std::max(max_reply_wait_, waited);
  return msg;
}

std::optional<std::optional<std::uint64_t>> Channel::poll_reply() {
  const std::optional<ReplyMsg> reply = poll_answer<ReplyMsg>(kReply);
  if (!reply) return std::nullopt;
  if (reply->valid == 0) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{reply->index};
}

std::optional<std::optional<Batch>> Channel::poll_batch() {
  std::optional<BatchMsg> msg = poll_answer<BatchMsg>(kBatch);
  if (!msg) return std::nullopt;
  if (msg->valid == 0) return std::optional<Batch>{};
  return std::optional<Batch>{Batch{msg->index, msg->first, std::move(msg->numbers)}};
}

void Channel::reply_batch(int rank, std::optional<Batch> batch) {
  reap();
  auto msg = std::make_shared<BatchMsg>();
  if (batch) *msg = BatchMsg{1, batch->index, batch->first, std::move(batch->numbers)};
  bmpi::request request = world_.isend(rank, kBatch, *msg);
  pending_.push_back({std::move(msg), std::move(request)});
}

int Channel::broadcast_status(int status) {
  bmpi::broadcast(world_, status, kRoot);
  return status;
}

void Channel::send_results(const std::vector<ChunkResult>& results) {
  if (results.empty()) return;
  post(kRoot, kResults, encode_results(results));
}

void Channel::send_progress(std::uint64_t numbers_done) {
  post(kRoot, kProgress, std::vector<NoteMsg>{NoteMsg{numbers_done}});
}

std::optional<std::uint64_t> Channel::poll_window() {
  std::optional<std::uint64_t> latest;
  while (world_.iprobe(kRoot, kWindow))
    latest = receive<NoteMsg>(kRoot, kWindow).value;
  return latest;
}

void Channel::send_window(int rank, std::uint64_t written) {
  post(rank, kWindow, std::vector<NoteMsg>{NoteMsg{written}});
}

void Channel::send_stop() {
  post(kRoot, kStop, std::vector<NoteMsg>{NoteMsg{}});
}

bool Channel::poll_stop() {
  if (!world_.iprobe(kRoot, kStop)) return false;
  receive<NoteMsg>(kRoot, kStop);
  return true;
}

void Channel::stop_rank(int rank) {
  post(rank, kStop, std::vector<NoteMsg>{NoteMsg{}});
}

void Channel::send_done(const RankSummary& summary) {
  post(kRoot, kDone,
       std::vector<DoneMsg>{
           DoneMsg{summary.numbers_done, summary.requests, summary.max_reply_wait}});
}

std::optional<Incoming> Channel::poll() {
  reap();
  const auto status = world_.iprobe(bmpi::any_source, bmpi::any_tag);
  if (!status) return std::nullopt;
  Incoming in;
  in.rank = status->source();
  switch (status->tag()) {
    case kRequest:
      receive<NoteMsg>(in.rank, kRequest);
      in.kind = Incoming::Kind::request;
      break;
    case kResults:
      in.kind = Incoming::Kind::results;
      in.results = decode_results(
          receive_array<std::uint8_t, UninitializedAllocator<std::uint8_t>>(*status));
      break;
    case kProgress:
      in.kind = Incoming::Kind::progress;
      in.numbers_done = receive<NoteMsg>(in.rank, kProgress).value;
      break;
    case kDone: {
      const DoneMsg done = receive<DoneMsg>(in.rank, kDone);
      in.kind = Incoming::Kind::done;
      in.summary = {done.numbers_done, done.requests, done.max_reply_wait};
      in.numbers_done = done.numbers_done;
      break;
    }
    case kStop:
      receive<NoteMsg>(in.rank, kStop);
      in.kind = Incoming::Kind::stop;
      break;
    default:
      throw std::logic_error("unexpected MPI message tag " + std::to_string(status->tag()));
  }
  return in;
}

void Channel::reply(int rank, std::optional<std::uint64_t> index) {
  post(rank, kReply, std::vector<ReplyMsg>{ReplyMsg{index.value_or(0), index ? 1u : 0u}});
}

void Channel::abort(int status) {
  world_.abort(status);
  std::abort();  // not reached: MPI_Abort does not return
}

}  // namespace primes::mpi
