/// @file process_count.cpp
/// The two roles of primes-mpi's protocol (see process_count.hpp and, for the messages,
/// mpi_channel.cpp): rank 0's coordinator loop and the other ranks' worker loop. Each is its
/// rank's main thread: it polls MPI and its own WorkerPool, and sleeps when neither has news.
#include "process_count.hpp"

#include <time.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "chunk_sources.hpp"
#include "mpi_channel.hpp"
#include "primes/clock.hpp"
#include "primes/errors.hpp"
#include "primes/host.hpp"
#include "primes/prime_output.hpp"
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

/// Rank 0 of a list job reads its input in a thread of its own (it never calls MPI) into the
/// batch queue, and closes the queue at the end of the input or at the first bad token.
class ListReading {
 public:
  ListReading() = default;
  ListReading(const ListReading&) = delete;
  ListReading& operator=(const ListReading&) = delete;
  /// On a failure elsewhere the reader may wait in read() on a pipe for good: let it go.
  ~ListReading() {
    if (thread_.joinable()) {
      queue_->close();
      thread_.detach();
    }
  }
  void start(NumberReader& reader, BatchQueue& queue) {
    queue_ = &queue;
    thread_ = std::thread([this, &reader, &queue] {
      try {
        for (std::uint64_t index = 0;; ++index) {
          Batch batch;
          batch.index = index;
          batch.first = reader.count();
          if (!reader.next(batch.numbers, kListBatch) || !queue.push(std::move(batch))) break;
        }
      } catch (const std::exception& e) {
        error_ = e.what();
      }
      queue.close();
    });
  }
  /// Waits for the reader; its error, if the input was bad.
  std::optional<std::string> finish() {
    if (thread_.joinable()) thread_.join();
    return error_;
  }

 private:
  std::thread thread_;
  BatchQueue* queue_ = nullptr;
  std::optional<std::string> error_;
};

/// Whether a signal asked this process to stop (only with --checkpoint).
bool signalled(const RunControl& control) {
  return control.stop_on_signal && StopSignals::requested();
}

/// Rank 0: counts with its pool, answers requests from the counter its pool shares, adds up and
/// records every result, draws progress, until every rank has said it is done. A stop (its own
/// signal, or another rank's) closes the counter and tells every rank to stop.
class Coordinator {
 public:
  Coordinator(Channel& channel, WorkerPool& pool, SharedCounter* counter, BatchQueue* batches,
              OrderedPrimeWriter* writer, WindowGate* gate, Tally& tally, const Work& work,
              const ProcessRun& run, std::vector<std::string> hosts, Clock::time_point start)
      : channel_(channel),
        pool_(pool),
        counter_(counter),
        batches_(batches),
        writer_(writer),
        gate_(gate),
        tally_(tally),
        work_(work),
        run_(run),
        control_(run.control),
        hosts_(std::move(hosts)),
        start_(start),
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
      if (!mine.empty()) {
        news = true;
        accept(mine);
      }
      publish_window();
      if (pool_.failed()) pool_.join();  // rethrows the worker's error
      if (!stopping_ && signalled(control_)) stop();
      if (control_.checkpoint != nullptr) control_.checkpoint->tick();
      watch();
      draw_progress();
      const bool counting = !pool_.finished();
      if (!counting && ranks_done_ == channel_.size() - 1) break;
      if (news) {
        backoff.reset();
      } else {
        backoff.pause(counting ? Backoff::kWhileCounting : Backoff::kWhileWaiting);
      }
    }
    pool_.join();
    std::vector<ChunkResult> last = pool_.take_results();
    accept(last);
    if (control_.checkpoint != nullptr) control_.checkpoint->sync();
    stats_.serve_cpu_seconds = thread_cpu_seconds() - cpu_start;
    if (run_.stats != nullptr) *run_.stats = stats_;
    return stopping_;
  }

  void draw_final() {
    if (control_.on_progress && !stopping_) {
      control_.on_progress(work_.resumed_numbers + tally_.numbers(), seconds_since(start_));
    }
  }

 private:
  void accept(std::vector<ChunkResult>& results) {
    if (control_.checkpoint != nullptr) control_.checkpoint->record(results);
    for (ChunkResult& r : results) {
      if (writer_ != nullptr) writer_->add(r.index, std::move(r.found));
      tally_.accept(std::move(r));
    }
  }

  /// --print: once more chunks are written, lets the workers that wait for the window go on.
  void publish_window() {
    if (writer_ == nullptr || writer_->next_index() == published_) return;
    published_ = writer_->next_index();
    if (gate_ != nullptr) gate_->advance(published_);
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
        if (batches_ != nullptr) {
          waiting_.push_back(in.rank);  // answered as soon as a batch has been read
          break;
        }
        if (counter_ == nullptr) throw std::logic_error("chunk request under the static schedule");
        channel_.reply(in.rank, counter_->take());
        break;
      case Incoming::Kind::results:
        stats_.results += in.results.size();
        accept(in.results);
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
    while (batches_ != nullptr && !waiting_.empty()) {
      std::optional<Batch> batch = batches_->try_pop();
      if (!batch && !batches_->drained()) break;
      channel_.reply_batch(waiting_.front(), std::move(batch));
      waiting_.pop_front();
      any = true;
    }
    return any;
  }

  /// Hands out nothing more, makes the finished chunks durable first, and tells every rank.
  void stop() {
    stopping_ = true;
    if (control_.checkpoint != nullptr) control_.checkpoint->sync();
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
    if (control_.checkpoint != nullptr) {
      control_.checkpoint->sync();
      where = "; every finished chunk is in " + quoted_path(control_.checkpoint->path());
    }
    throw StallError(why + ": ending the job" + where);
  }

  void draw_progress() {
    if (!control_.on_progress) return;
    const Clock::time_point now = Clock::now();
    if (now - last_draw_ < control_.interval) return;
    last_draw_ = now;
    u128 done = work_.resumed_numbers + pool_.numbers_done();
    for (std::size_t r = 1; r < done_by_rank_.size(); ++r)
      done += done_by_rank_[r];
    control_.on_progress(done, seconds_since(start_));
  }

  Channel& channel_;
  WorkerPool& pool_;
  SharedCounter* counter_;
  BatchQueue* batches_;
  std::deque<int> waiting_;  // ranks whose request waits for a batch
  OrderedPrimeWriter* writer_;
  WindowGate* gate_;
  std::uint64_t published_ = 0;  // the window last told to the ranks
  Tally& tally_;
  const Work& work_;
  const ProcessRun& run_;
  const RunControl& control_;
  std::vector<std::string> hosts_;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  std::vector<std::uint64_t> done_by_rank_;
  std::vector<bool> finished_;
  std::vector<Clock::time_point> last_heard_;
  int ranks_done_ = 0;
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  CoordinatorStats stats_;
};

/// A rank other than 0: counts with its pool; under the dynamic schedule keeps its queue fed
/// from rank 0 (one request in flight per worker beyond those counting); sends results as they
/// come; sends progress notes as often as rank 0 draws (when it does) and heartbeats (under
/// --stall-timeout); stops when a signal or rank 0 says so; says when it is done.
void serve_as_worker(Channel& channel, WorkerPool& pool, ChunkQueue* queue, BatchQueue* batches,
                     WindowGate* gate, const RunControl& control,
                     std::optional<std::chrono::milliseconds> notes) {
  const std::uint64_t threads = pool.size();
  std::uint64_t open = 0;  // requests without a reply yet
  std::uint64_t asked_for_taken = 0;
  bool exhausted = false;
  bool stopping = false;
  auto ask = [&] {
    channel.request_chunk();
    ++open;
  };
  if (queue != nullptr || batches != nullptr) {
    for (std::uint64_t i = 0; i < 2 * threads; ++i)
      ask();
  }
  Clock::time_point last_note = Clock::now();
  Backoff backoff;
  for (;;) {
    bool news = false;
    if (!stopping) {
      const bool told = channel.poll_stop();
      const bool own = signalled(control);
      if (own) channel.send_stop();  // rank 0 stops the others
      if (told || own) {
        stopping = true;
        news = true;
        pool.stop();  // abandons the chunks in flight and closes the queue
      }
    }
    if (queue != nullptr) {
      while (std::optional<std::optional<std::uint64_t>> reply = channel.poll_reply()) {
        news = true;
        --open;
        if (!*reply) {
          exhausted = true;
        } else if (!stopping) {
          queue->push(**reply);
        }
      }
      // One more request for each chunk a worker took, while rank 0 still has some.
      for (const std::uint64_t taken = queue->taken(); asked_for_taken < taken; ++asked_for_taken) {
        if (!exhausted && !stopping) ask();
      }
      if (exhausted && open == 0) queue->close();
    }
    if (batches != nullptr) {
      while (std::optional<std::optional<Batch>> reply = channel.poll_batch()) {
        news = true;
        --open;
        if (!*reply) {
          exhausted = true;
        } else if (!stopping) {
          batches->push(std::move(**reply));
        }
      }
      for (const std::uint64_t taken = batches->taken(); asked_for_taken < taken;
           ++asked_for_taken) {
        if (!exhausted && !stopping) ask();
      }
      if (exhausted && open == 0) batches->close();
    }
    std::vector<ChunkResult> results = pool.take_results();
    if (!results.empty()) {
      news = true;
      channel.send_results(results);
    }
    if (gate != nullptr) {
      if (const std::optional<std::uint64_t> written = channel.poll_window()) {
        news = true;
        gate->advance(*written);
      }
    }
    if (pool.failed()) pool.join();  // rethrows the worker's error
    if (notes && Clock::now() - last_note >= *notes) {
      last_note = Clock::now();
      channel.send_progress(static_cast<std::uint64_t>(pool.numbers_done()));
    }
    const bool counting = !pool.finished() && (queue == nullptr || queue->ready() > 0) &&
                          (batches == nullptr || batches->ready() > 0);
    if (pool.finished() && open == 0) break;
    if (news) {
      backoff.reset();
    } else {
      backoff.pause(counting ? Backoff::kWhileCounting : Backoff::kWhileWaiting);
    }
  }
  pool.join();
  channel.send_results(pool.take_results());
  channel.send_done({static_cast<std::uint64_t>(pool.numbers_done()), channel.requests_sent(),
                     channel.max_reply_wait()});
  channel.flush();
}

}  // namespace

ProcessResult count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                   const ProcessRun& run) {
  Channel channel(world);
  const auto ranks = static_cast<std::uint64_t>(channel.size());
  const auto rank = static_cast<std::uint64_t>(channel.rank());
  const bool root = rank == 0;
  if (job.ranks != ranks) {
    throw std::invalid_argument("a job for " + std::to_string(job.ranks) + " ranks on " +
                                std::to_string(ranks));
  }
  if (root && !run.work) throw std::invalid_argument("rank 0 needs the work to count");
  const std::uint64_t threads = job.threads;
  const RunControl& control = run.control;
  std::vector<std::string> hosts = channel.gather_hosts(host_name());

  // The plan is rank 0's: a checkpoint's chunk size wins over the one this job would choose.
  const ChunkPlan plan =
      job.plan_of(channel.broadcast_size(root ? run.work->plan.chunk_size() : 0));
  std::unique_ptr<ChunkSource> source;  // outlive the pool, which stops on them
  std::unique_ptr<BatchQueue> source_batches;
  std::unique_ptr<WindowGate> gate;  // --print: workers stay within the window of the writer
  WorkerPool pool(job, threads, rank * threads);  // kernels are built before the clock starts
  // Progress notes flow while rank 0 draws progress; heartbeats while a stall is watched for.
  std::optional<std::chrono::milliseconds> notes;
  if (channel.broadcast_flag(root && static_cast<bool>(control.on_progress))) {
    notes = control.interval;
  }
  if (run.stall_timeout) {
    const auto heartbeat =
        std::chrono::duration_cast<std::chrono::milliseconds>(*run.stall_timeout) / 4;
    notes = notes ? std::min(*notes, heartbeat) : heartbeat;
  }

  // Every rank has started and built its kernels: the clock starts now.
  channel.barrier();
  const Clock::time_point start = Clock::now();

  SharedCounter* counter = nullptr;
  ChunkQueue* queue = nullptr;
  BatchQueue* batches = nullptr;
  ListReading reading;
  if (job.input) {
    // Rank 0 reads in a thread of its own, so that a slow pipe never holds up its MPI replies;
    // its workers and the other ranks' requests take from the same short queue.
    auto fed = std::make_unique<BatchQueue>(root ? std::min<std::uint64_t>(2 * threads * ranks, 64)
                                                 : 4 * threads);
    batches = fed.get();
    source_batches = std::move(fed);
    if (root) reading.start(*run.reader, *batches);
    pool.start(*batches);
  } else {
    if (job.schedule == Schedule::static_blocks) {
      ChunkList mine =
          ChunkList::of(channel.scatter_lists(root ? rank_lists(run.work->todo, ranks, threads)
                                                   : std::vector<std::vector<std::uint64_t>>{}));
      const u128 share = ceil_div(mine.size(), u128{threads});
      source = std::make_unique<StaticShares>(std::move(mine), threads, share);
    } else if (root) {
      auto shared = std::make_unique<SharedCounter>(run.work->todo);
      counter = shared.get();
      source = std::move(shared);
    } else {
      auto fed = std::make_unique<ChunkQueue>();
      queue = fed.get();
      source = std::move(fed);
    }
    if (job.print) gate = std::make_unique<WindowGate>(*source, job.print_window());
    pool.start(plan, gate ? *gate : *source);
  }

  if (!root) {
    serve_as_worker(channel, pool, queue, batches, gate.get(), control, notes);
    channel.barrier();
    const int outcome = channel.broadcast_status(0);
    return {std::nullopt, outcome == kExitStopped, outcome == kExitUsage, {}};
  }

  const Work& work = *run.work;
  Tally tally(job.workers(), work.join);
  for (std::uint64_t id = 0; id < job.workers(); ++id)
    tally.set_host(id, hosts.at(id / threads));
  std::optional<OrderedPrimeWriter> writer;
  if (job.print) writer.emplace(run.print_fd, run.print_to);
  Coordinator coordinator(channel, pool, counter, batches, writer ? &*writer : nullptr, gate.get(),
                          tally, work, run, hosts, start);
  const bool stopped = coordinator.run();
  const double seconds = seconds_since(start);
  coordinator.draw_final();
  const std::optional<std::string> input_error = reading.finish();
  channel.barrier();
  channel.broadcast_status(input_error ? kExitUsage : stopped ? kExitStopped : kExitOk);
  if (input_error) return {std::nullopt, false, true, *input_error};
  Report report = job.input ? make_list_report(Frontend::processes, job, *job.input, seconds, tally)
                            : make_report(Frontend::processes, job, work, seconds, tally);
  report.stopped = stopped;
  return {std::move(report), stopped, false, {}};
}

ProcessResult count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                   const ProgressCallback& on_progress,
                                   std::chrono::milliseconds interval, CoordinatorStats* stats) {
  ProcessRun run;
  if (world.rank() == 0) run.work = fresh_work(job);
  run.control.on_progress = on_progress;
  run.control.interval = interval;
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
