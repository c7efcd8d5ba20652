/// @file process_count.cpp
/// The two roles of primes-mpi's protocol (see process_count.hpp and, for the messages,
/// mpi_channel.cpp): rank 0's coordinator loop and the other ranks' worker loop. Each is its
/// rank's main thread: it polls MPI and its own WorkerPool, and sleeps when neither has news.
/// What becomes of a result is the Collector's business (collector.hpp), on rank 0 only.
#include "process_count.hpp"

#include <time.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "chunk_sources.hpp"
#include "list_reading.hpp"
#include "mpi_channel.hpp"
#include "primes/clock.hpp"
#include "primes/collector.hpp"
#include "primes/host.hpp"
#include "primes/stop_signals.hpp"
#include "worker_pool.hpp"

namespace primes::mpi {
namespace {

/// How long rank 0 waits, once it has told every rank to stop, for their last results.
constexpr auto kStopGrace = std::chrono::seconds(10);

/// CPU time of the calling thread: what serving costs rank 0, whatever else runs on its core.
double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// The static schedule: each of the `ranks` ranks gets a contiguous share of `todo`, the
/// shares of its `threads` workers together (worker w of all takes ceil(n / workers) chunks).
std::vector<std::vector<std::uint64_t>> rank_lists(const ChunkList& todo, std::uint64_t ranks,
                                                   std::uint64_t threads) {
  const u128 share = ceil_div(todo.size(), u128{ranks * threads});
  std::vector<std::vector<std::uint64_t>> lists;
  for (std::uint64_t r = 0; r < ranks; ++r)
    lists.push_back(todo.slice(u128{r} * threads * share, u128{r + 1} * threads * share).indices());
  return lists;
}

/// What every rank counts from: its pool's source (the static shares, rank 0's counter, or the
/// queue rank 0's replies fill; a list's batches), and the window of --print around it.
struct Sources {
  std::unique_ptr<ChunkSource> chunks;  // outlive the pool, which stops on them
  std::unique_ptr<BatchQueue> batches;
  std::unique_ptr<WindowGate> gate;
  SharedCounter* counter = nullptr;  // rank 0, dynamic schedule
  ChunkQueue* queue = nullptr;       // other ranks, dynamic schedule
};

/// Rank 0: counts with its pool, answers requests from the counter its pool shares, hands every
/// result (its own pool's and the other ranks') to the collector, until every rank has said it
/// is done. A stop (its own signal, or another rank's) closes the counter and tells every rank
/// to stop; a rank silent past --stall-timeout, or past the grace after a stop, ends the job.
class Coordinator {
 public:
  Coordinator(Channel& channel, WorkerPool& pool, Sources& sources, Collector& collector,
              const ProcessRun& run, std::vector<std::string> hosts, Clock::time_point start)
      : channel_(channel),
        pool_(pool),
        sources_(sources),
        collector_(collector),
        run_(run),
        hosts_(std::move(hosts)),
        done_by_rank_(hosts_.size(), 0),
        finished_(hosts_.size(), false),
        last_heard_(hosts_.size(), start) {}

  /// Serves until every rank is done; returns whether the job was stopped early.
  bool run() {
    const double cpu_start = thread_cpu_seconds();
    Backoff backoff;
    for (;;) {
      bool news = false;
      while (std::optional<Incoming> in = channel_.poll()) {
        news = true;
        handle(*in);
      }
      news = serve_waiting() || news;
      std::vector<ChunkResult> mine = pool_.take_results();
      news = news || !mine.empty();
      collector_.accept(std::move(mine));
      publish_window();
      if (pool_.failed()) pool_.join();  // rethrows the worker's error
      if (collector_.tick(counted()) && !stopping_) stop();
      watch();
      const bool counting = !pool_.finished();
      if (!counting && ranks_done_ == channel_.size() - 1) break;
      backoff.after(news, counting);
    }
    pool_.join();
    collector_.accept(pool_.take_results());
    stats_.serve_cpu_seconds = thread_cpu_seconds() - cpu_start;
    if (run_.stats != nullptr) *run_.stats = stats_;
    return stopping_;
  }

 private:
  /// Numbers counted by this run, chunks in flight included, on every rank.
  u128 counted() const {
    u128 done = pool_.numbers_done();
    for (std::size_t r = 1; r < done_by_rank_.size(); ++r)
      done += done_by_rank_[r];
    return done;
  }

  /// --print: once more chunks are written, lets the workers that wait for the window go on.
  void publish_window() {
    if (!sources_.gate || collector_.written() == published_) return;
    published_ = collector_.written();
    sources_.gate->advance(published_);
    for (int r = 1; r < channel_.size(); ++r) {
      if (!finished_[static_cast<std::size_t>(r)]) channel_.send_window(r, published_);
    }
  }

  void handle(Incoming& in) {
    const auto r = static_cast<std::size_t>(in.rank);
    last_heard_[r] = Clock::now();
    switch (in.kind) {
      case Incoming::Kind::request:
        ++stats_.requests;
        if (sources_.batches) {
          waiting_.push_back(in.rank);  // answered as soon as a batch has been read
          break;
        }
        if (sources_.counter == nullptr) {
          throw std::logic_error("chunk request under the static schedule");
        }
        channel_.reply(in.rank, sources_.counter->take());
        break;
      case Incoming::Kind::results:
        stats_.results += in.results.size();
        collector_.accept(std::move(in.results));
        break;
      case Incoming::Kind::progress:
        done_by_rank_[r] = in.numbers_done;
        ++stats_.progress_notes;
        break;
      case Incoming::Kind::done:
        done_by_rank_[r] = in.numbers_done;
        stats_.max_reply_wait = std::max(stats_.max_reply_wait, in.summary.max_reply_wait);
        finished_[r] = true;
        ++ranks_done_;
        break;
      case Incoming::Kind::stop:
        if (!stopping_) stop();
        break;
    }
  }

  /// A list job: answers the requests that wait for a batch, in order, while batches are there
  /// (or says none are left once the reader is done). Says whether it answered any.
  bool serve_waiting() {
    bool any = false;
    while (sources_.batches && !waiting_.empty()) {
      std::optional<Batch> batch = sources_.batches->try_pop();
      if (!batch && !sources_.batches->drained()) break;
      channel_.reply_batch(waiting_.front(), std::move(batch));
      waiting_.pop_front();
      any = true;
    }
    return any;
  }

  /// Makes the finished chunks durable first, then hands out nothing more and tells every rank.
  void stop() {
    stopping_ = true;
    if (run_.settings.checkpoint != nullptr) run_.settings.checkpoint->sync();
    pool_.stop();  // closes the counter: every request from now on gets "none left"
    for (int r = 1; r < channel_.size(); ++r) {
      if (!finished_[static_cast<std::size_t>(r)]) channel_.stop_rank(r);
    }
    stop_deadline_ = Clock::now() + kStopGrace;
  }

  /// The stall watchdog, and the bound on waiting for stopped ranks.
  void watch() {
    const Clock::time_point now = Clock::now();
    for (std::size_t r = 1; r < finished_.size(); ++r) {
      if (finished_[r]) continue;
      if (stopping_ && now > stop_deadline_) {
        give_up("rank " + std::to_string(r) + " (" + hosts_[r] +
                ") did not answer the stop within " + std::to_string(kStopGrace.count()) + " s");
      }
      if (run_.stall_timeout && now - last_heard_[r] > *run_.stall_timeout) {
        give_up("rank " + std::to_string(r) + " (" + hosts_[r] + ") has sent nothing for " +
                std::to_string(run_.stall_timeout->count()) + " s (--stall-timeout)");
      }
    }
  }

  [[noreturn]] void give_up(const std::string& why) {
    std::string where;
    if (Checkpoint* checkpoint = run_.settings.checkpoint) {
      checkpoint->sync();
      where = "; every finished chunk is in " + quoted_path(checkpoint->path());
    }
    throw StallError(why + ": ending the job" + where);
  }

  Channel& channel_;
  WorkerPool& pool_;
  Sources& sources_;
  Collector& collector_;
  const ProcessRun& run_;
  std::vector<std::string> hosts_;
  std::deque<int> waiting_;      // ranks whose request waits for a batch
  std::uint64_t published_ = 0;  // the window last told to the ranks
  std::vector<std::uint64_t> done_by_rank_;
  std::vector<bool> finished_;
  std::vector<Clock::time_point> last_heard_;
  int ranks_done_ = 0;
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  CoordinatorStats stats_;
};

/// A rank other than 0 under a dynamic schedule (or a list job) keeps its queue fed from rank 0:
/// two requests per worker at first, then one more for each item a worker takes, while rank 0
/// still has some; the queue is closed once rank 0 has none left and every reply is in.
class Feed {
 public:
  Feed(Channel& channel, std::uint64_t threads) : channel_(channel) {
    for (std::uint64_t i = 0; i < 2 * threads; ++i)
      ask();
  }
  /// Takes the replies that arrived into `queue` (unless stopping); says whether any did.
  /// `poll` is the channel's poll of this kind of reply.
  template <class Queue, class Poll>
  bool take(Queue& queue, Poll poll, bool stopping) {
    bool news = false;
    while (auto reply = poll()) {
      news = true;
      --open_;
      if (!*reply) {
        exhausted_ = true;
      } else if (!stopping) {
        queue.push(std::move(**reply));
      }
    }
    for (const std::uint64_t taken = queue.taken(); asked_for_taken_ < taken; ++asked_for_taken_) {
      if (!exhausted_ && !stopping) ask();
    }
    if (exhausted_ && open_ == 0) queue.close();
    return news;
  }
  /// Requests without a reply yet.
  std::uint64_t open() const noexcept { return open_; }

 private:
  void ask() {
    channel_.request_chunk();
    ++open_;
  }
  Channel& channel_;
  std::uint64_t open_ = 0;
  std::uint64_t asked_for_taken_ = 0;
  bool exhausted_ = false;
};

/// A rank other than 0: counts with its pool; keeps its queue fed (Feed); sends results as they
/// come; sends progress notes as often as rank 0 draws (when it does) and heartbeats (under
/// --stall-timeout); stops when a signal or rank 0 says so; says when it is done.
void serve_as_worker(Channel& channel, WorkerPool& pool, Sources& sources, bool stop_on_signal,
                     std::optional<std::chrono::milliseconds> notes) {
  std::optional<Feed> feed;
  if (sources.queue != nullptr || sources.batches) feed.emplace(channel, pool.size());
  Clock::time_point last_note = Clock::now();
  bool stopping = false;
  Backoff backoff;
  for (;;) {
    bool news = false;
    if (!stopping) {
      const bool told = channel.poll_stop();
      const bool own = stop_on_signal && StopSignals::requested();
      if (own) channel.send_stop();  // rank 0 stops the others
      if (told || own) {
        stopping = true;
        news = true;
        pool.stop();  // abandons the chunks in flight and closes the queue
      }
    }
    if (sources.queue != nullptr) {
      news = feed->take(
                 *sources.queue, [&] { return channel.poll_reply(); }, stopping) ||
             news;
    }
    if (sources.batches) {
      news = feed->take(
                 *sources.batches, [&] { return channel.poll_batch(); }, stopping) ||
             news;
    }
    std::vector<ChunkResult> results = pool.take_results();
    if (!results.empty()) {
      news = true;
      channel.send_results(results);
    }
    if (sources.gate) {
      if (const std::optional<std::uint64_t> written = channel.poll_window()) {
        news = true;
        sources.gate->advance(*written);
      }
    }
    if (pool.failed()) pool.join();  // rethrows the worker's error
    if (notes && Clock::now() - last_note >= *notes) {
      last_note = Clock::now();
      channel.send_progress(static_cast<std::uint64_t>(pool.numbers_done()));
    }
    const std::uint64_t open = feed ? feed->open() : 0;
    if (pool.finished() && open == 0) break;
    backoff.after(news, !pool.finished() &&
                            (sources.queue == nullptr || sources.queue->ready() > 0) &&
                            (!sources.batches || sources.batches->ready() > 0));
  }
  pool.join();
  channel.send_results(pool.take_results());
  channel.send_done({static_cast<std::uint64_t>(pool.numbers_done()), channel.requests_sent(),
                     channel.max_reply_wait()});
  channel.flush();
}

/// Sets up every rank's sources (a list's batches, which rank 0 reads; the static shares,
/// scattered; rank 0's counter or another rank's queue) and starts its pool on them.
void start_counting(Channel& channel, const Job& job, const ProcessRun& run, const ChunkPlan& plan,
                    WorkerPool& pool, Sources& sources, ListReading& reading) {
  const auto ranks = static_cast<std::uint64_t>(channel.size());
  const bool root = channel.rank() == 0;
  if (job.input) {
    // Rank 0 reads in a thread of its own, so that a slow pipe never holds up its MPI replies;
    // its workers and the other ranks' requests take from the same short queue.
    sources.batches = std::make_unique<BatchQueue>(
        root ? std::min<std::uint64_t>(2 * job.threads * ranks, 64) : 4 * job.threads);
    if (root) reading.start(*run.reader, *sources.batches);
    pool.start(*sources.batches);
    return;
  }
  if (job.schedule == Schedule::static_blocks) {
    ChunkList mine =
        ChunkList::of(channel.scatter_lists(root ? rank_lists(run.work->todo, ranks, job.threads)
                                                 : std::vector<std::vector<std::uint64_t>>{}));
    const u128 share = ceil_div(mine.size(), u128{job.threads});
    sources.chunks = std::make_unique<StaticShares>(std::move(mine), job.threads, share);
  } else if (root) {
    auto shared = std::make_unique<SharedCounter>(run.work->todo);
    sources.counter = shared.get();
    sources.chunks = std::move(shared);
  } else {
    auto fed = std::make_unique<ChunkQueue>();
    sources.queue = fed.get();
    sources.chunks = std::move(fed);
  }
  if (job.print) sources.gate = std::make_unique<WindowGate>(*sources.chunks, job.print_window());
  pool.start(plan, sources.gate ? *sources.gate : *sources.chunks);
}

/// How often a rank other than 0 sends a note: as often as rank 0 draws progress (when it does),
/// and a quarter of --stall-timeout (heartbeats); never otherwise. Collective.
std::optional<std::chrono::milliseconds> note_interval(Channel& channel, const ProcessRun& run) {
  std::optional<std::chrono::milliseconds> notes;
  const bool draws = channel.rank() == 0 && static_cast<bool>(run.settings.on_progress);
  if (channel.broadcast_flag(draws)) notes = run.settings.interval;
  if (run.stall_timeout) {
    const auto heartbeat =
        std::chrono::duration_cast<std::chrono::milliseconds>(*run.stall_timeout) / 4;
    notes = notes ? std::min(*notes, heartbeat) : heartbeat;
  }
  return notes;
}

}  // namespace

ProcessResult count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                   const ProcessRun& run) {
  Channel channel(world);
  const bool root = channel.rank() == 0;
  if (job.ranks != static_cast<std::uint64_t>(channel.size())) {
    throw std::invalid_argument("a job for " + std::to_string(job.ranks) + " ranks on " +
                                std::to_string(channel.size()));
  }
  if (root && !run.work) throw std::invalid_argument("rank 0 needs the work to count");
  std::vector<std::string> hosts = channel.gather_hosts(host_name());
  // The plan is rank 0's: a checkpoint's chunk size wins over the one this job would choose.
  const ChunkPlan plan =
      job.plan_of(channel.broadcast_size(root ? run.work->plan.chunk_size() : 0));
  Sources sources;
  const auto rank = static_cast<std::uint64_t>(channel.rank());
  WorkerPool pool(job, job.threads, rank * job.threads);  // kernels built before the clock starts
  const std::optional<std::chrono::milliseconds> notes = note_interval(channel, run);

  // Every rank has started and built its kernels: the clock starts now.
  channel.barrier();
  const Clock::time_point start = Clock::now();
  ListReading reading;
  start_counting(channel, job, run, plan, pool, sources, reading);
  if (!root) {
    serve_as_worker(channel, pool, sources, run.settings.stop_on_signal, notes);
    channel.barrier();
    const int outcome = channel.broadcast_status(0);
    return {std::nullopt, outcome == kExitStopped, outcome == kExitUsage, {}};
  }

  Collector collector(job, *run.work, run.settings, start);
  for (std::uint64_t id = 0; id < job.workers(); ++id)
    collector.set_host(id, hosts.at(id / job.threads));
  const bool stopped = Coordinator(channel, pool, sources, collector, run, hosts, start).run();
  Report report = collector.finish(Frontend::processes, stopped);
  const std::optional<std::string> input_error = reading.finish();
  channel.barrier();
  channel.broadcast_status(input_error ? kExitUsage : stopped ? kExitStopped : kExitOk);
  if (input_error) return {std::nullopt, false, true, *input_error};
  return {std::move(report), stopped, false, {}};
}

ProcessResult count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                   const ProgressCallback& on_progress,
                                   std::chrono::milliseconds interval, CoordinatorStats* stats) {
  ProcessRun run;
  if (world.rank() == 0) run.work = fresh_work(job);
  run.settings.on_progress = on_progress;
  run.settings.interval = interval;
  run.stats = stats;
  return count_with_processes(world, job, run);
}

StartAgreement agree_to_start(const boost::mpi::communicator& world, Verdict mine,
                              std::uint64_t fingerprint) {
  Channel channel(world);
  const Channel::Agreement a = channel.agree(static_cast<int>(mine), fingerprint);
  return {static_cast<Verdict>(a.verdict), a.same_fingerprint};
}

void abort_job(const boost::mpi::communicator& world, int status) {
  Channel(world).abort(status);
}

}  // namespace primes::mpi
