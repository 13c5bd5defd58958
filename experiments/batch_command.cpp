#include "experiments/batch_command.hpp"

#include <fcntl.h>
#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/task_arena.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "experiments/experiment.hpp"
#include "experiments/json_line.hpp"
#include "experiments/part_finisher.hpp"
#include "experiments/progress_bar.hpp"
#include "experiments/replication_part.hpp"
#include "experiments/result_file.hpp"
#include "models/care_model.hpp"
#include "models/scenario.hpp"
#include "sim/engine/mpi_comm.hpp"
#include "sim/input/closest_name.hpp"

namespace retzef::experiments {
namespace {

namespace fs = std::filesystem;

struct BatchOptions {
  std::string experiment;
  BatchSettings settings;
  std::string trace;
  std::uint32_t replications = 0;
};

/// Parses "K/N" (0 <= K < N).
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  if (text.empty()) return {0, 1};
  std::size_t k = 0, n = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> k >> slash >> n) || slash != '/' || n == 0 || k >= n || !in.eof()) {
    throw std::invalid_argument("--shard: expected K/N with 0 <= K < N, got '" + text + "'");
  }
  return {k, n};
}

/// One replication of one case: the unit of work.
struct Item {
  std::size_t case_index = 0;
  std::uint32_t replication = 0;
  std::string key;
  fs::path path;
};

std::string part_name(std::size_t case_index, std::uint32_t replication) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "c%04zu-r%06u.h5", case_index, replication);
  return buf;
}

}  // namespace

void run_batch(const Experiment& ex, const BatchSettings& o, const CliContext& context) {
  const auto started = std::chrono::steady_clock::now();
  const bool distributed = context.mpi != nullptr && context.mpi->active();
  const sim::Comm comm = distributed ? sim::Comm::world() : sim::Comm::solo();
  const int threads = o.threads > 0
                          ? o.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  const auto [shard, shards] = parse_shard(o.shard);
  std::vector<std::unique_ptr<models::CareModel>> models;  // built once per case, shared by tasks
  for (const auto& c : ex.cases) {
    models.push_back(std::make_unique<models::CareModel>(c.scenario));
  }
  const fs::path out = o.output;
  const fs::path parts_dir = out.string() + ".parts";

  std::vector<Item> items;
  std::vector<std::string> keys;
  for (std::size_t c = 0; c < ex.cases.size(); ++c) {
    for (std::uint32_t r = 0; r < ex.replications; ++r) {
      Item item{c, r, part_key(ex.cases[c], ex.seed, r), parts_dir / part_name(c, r)};
      keys.push_back(item.key);
      items.push_back(std::move(item));
    }
  }
  const std::string key = experiment_key(keys);
  if (result_is_complete(out, key)) {
    spdlog::info("{}: already complete for this experiment; nothing to do", out.string());
    if (comm.rank() == 0 && !o.keep_parts) {
      std::error_code ec;
      fs::remove_all(parts_dir, ec);
    }
    return;
  }
  {
    std::error_code ec;
    fs::create_directories(parts_dir, ec);
    if (ec) {
      throw std::runtime_error(parts_dir.string() +
                               ": cannot create the folder for replications: " + ec.message());
    }
  }

  // Two batches writing the same replications would trip over each other's temporary files:
  // each share (the whole batch, or one --shard) holds a lock while it runs.
  int lock_fd = -1;
  if (comm.rank() == 0) {
    const fs::path lock =
        parts_dir / ("lock-" + std::to_string(shard) + "-of-" + std::to_string(shards));
    lock_fd = ::open(lock.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      throw std::runtime_error(out.string() + ": another retzef batch is writing it (" +
                               lock.string() + " is locked); wait for it to end or stop it");
    }
  }
  struct LockRelease {
    int fd;
    ~LockRelease() {
      if (fd >= 0) ::close(fd);
    }
  } release{lock_fd};

  // Replications are dealt to ranks round-robin in a fixed order; each rank skips the ones a
  // previous, interrupted batch finished and discards their leftovers.
  std::vector<const Item*> pending;
  std::size_t mine = 0;
  // With --shard K/N (independent jobs, e.g. a Slurm array) the dealing goes over N x ranks
  // slots, so jobs and their ranks never share a replication.
  const std::size_t slots = shards * static_cast<std::size_t>(comm.size());
  const std::size_t slot =
      shard * static_cast<std::size_t>(comm.size()) + static_cast<std::size_t>(comm.rank());
  for (std::size_t i = slot; i < items.size(); i += slots) {
    ++mine;
    const Item& item = items[i];
    std::error_code ec;
    fs::remove(item.path.string() + ".tmp", ec);
    if (part_is_complete(item.path, item.key)) continue;
    if (fs::exists(item.path, ec)) {
      spdlog::warn("{}: stale or damaged (another experiment?); running it again",
                   item.path.string());
      fs::remove(item.path, ec);
    }
    pending.push_back(&item);
  }
  spdlog::info(
      "{}: {} cases x {} replications = {} runs{}; {} already done, {} to run on {} threads",
      ex.name, ex.cases.size(), ex.replications, items.size(),
      comm.size() > 1 ? " (this rank: " + std::to_string(mine) + ")" : std::string(),
      mine - pending.size(), pending.size(), threads);

  const sim::h5::Compression compression{.deflate_level = o.deflate};
  const bool bar_on =
      context.progress && !context.quiet && comm.rank() == 0 && ProgressBar::stderr_is_terminal();
  ProgressBar bar(ex.name, static_cast<double>(pending.size()), bar_on);
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::uint64_t events = 0;
  std::size_t next_log = 1;
  const auto run_started = std::chrono::steady_clock::now();
  // Rank 0 of a whole batch assembles the result while replications run: parts finished by
  // an earlier, interrupted batch first, then each of its own as it finishes (other ranks'
  // parts once they are all done). A failure there stops no replication: the parts are kept,
  // and the batch reports it at the end.
  std::optional<ResultAssembly> assembly;
  std::exception_ptr assembly_error;  // the finisher's thread's until finisher.wait()
  if (comm.rank() == 0 && shards == 1) assembly.emplace(ex, out);
  const auto assemble = [&](const Item& item, bool check_first) {
    return [&, check_first] {
      if (assembly_error) return;
      try {
        if (check_first && !part_is_complete(item.path, item.key)) return;
        assembly->add(item.case_index, item.replication, item.path);
      } catch (...) {
        assembly_error = std::current_exception();
      }
    };
  };
  // After the assembly, so that its jobs end before the file does; before the arena, so that a
  // failing batch still finishes (keeps) the parts that were whole before it stopped.
  PartFinisher finisher;
  if (assembly) {
    std::vector<bool> to_run(items.size(), false);
    for (const Item* item : pending)
      to_run[static_cast<std::size_t>(item - items.data())] = true;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (!to_run[i]) finisher.post(assemble(items[i], true));
  }
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for_each(pending.begin(), pending.end(), [&](const Item* item) {
      const Case& c = ex.cases[item->case_index];
      const PartResult r = write_part(c, *models[item->case_index], ex.seed, item->replication,
                                      item->key, item->path, compression, &finisher);
      if (assembly) finisher.post(assemble(*item, false));  // after the part's own finishing
      const std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      events += r.events;
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started).count();
      const double rate = static_cast<double>(events) / std::max(elapsed, 1e-9);
      char note[64];
      std::snprintf(note, sizeof note, "%zu/%zu  %.2f M events/s ", done, pending.size(),
                    rate / 1e6);
      bar.update(static_cast<double>(done), note);
      spdlog::debug("{} replication {}: {} events in {:.2f} s", c.name, item->replication, r.events,
                    r.seconds);
      // Without a bar (a log file, a cluster job) a plain line every tenth of the work.
      if (!bar_on && done * 10 >= next_log * pending.size()) {
        const double eta =
            elapsed * static_cast<double>(pending.size() - done) / static_cast<double>(done);
        spdlog::info("{}/{} replications, {:.2f} M events/s, eta {:.0f} s", done, pending.size(),
                     rate / 1e6, eta);
        while (next_log * pending.size() <= done * 10)
          ++next_log;
      }
    });
  });
  finisher.wait();
  bar.finish();

  const double run_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started).count();
  // Every rank has finished its share before rank 0 assembles the file.
  const std::uint64_t total_events = comm.allreduce_sum(events);
  if (comm.rank() != 0) return;
  if (shards > 1) {
    spdlog::info("share {}/{} done; run the same command without --shard to assemble {}", shard,
                 shards, out.string());
    return;
  }
  for (const auto& item : items) {
    if (!part_is_complete(item.path, item.key)) {
      throw std::runtime_error(item.path.string() + ": replication " +
                               std::to_string(item.replication) + " of " +
                               ex.cases[item.case_index].name + " is missing");
    }
  }
  BatchProvenance provenance;
  provenance.threads = threads;
  provenance.ranks = comm.size();
  provenance.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto assembly_started = std::chrono::steady_clock::now();
  if (assembly_error) std::rethrow_exception(assembly_error);
  for (const auto& item : items) {  // other ranks' parts
    if (!assembly->has(item.case_index, item.replication))
      assembly->add(item.case_index, item.replication, item.path);
  }
  assembly->complete(key, provenance);
  const double assembly_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - assembly_started).count();
  if (!o.keep_parts) {
    std::error_code ec;
    fs::remove_all(parts_dir, ec);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (o.json) {
    std::printf("%s\n", JsonLine()
                            .add("output", out.string())
                            .add("cases", std::uint64_t{ex.cases.size()})
                            .add("replications", std::uint64_t{ex.replications})
                            .add("runs_done_now", std::uint64_t{done})
                            .add("events_now", total_events)
                            .add("seconds", seconds)
                            .add("run_seconds", run_seconds)
                            .add("assembly_seconds", assembly_seconds)
                            .add("events_per_second",
                                 static_cast<double>(total_events) / std::max(run_seconds, 1e-9))
                            .add("bytes", std::uint64_t{fs::file_size(out)})
                            .str()
                            .c_str());
  } else {
    spdlog::info(
        "wrote {}: {} cases x {} replications ({:.1f} MB) in {:.1f} s ({:.1f} s assembling)",
        out.string(), ex.cases.size(), ex.replications,
        static_cast<double>(fs::file_size(out)) / 1e6, seconds, assembly_seconds);
  }
}

namespace {

void run_batch_command(const BatchOptions& o, const CliContext& context) {
  const Experiment ex = load_experiment(o.experiment, {o.trace, o.replications});
  run_batch(ex, o.settings, context);
}

}  // namespace

void add_batch_command(CLI::App& app, const CliContext& context, std::function<void()>& action) {
  auto o = std::make_shared<BatchOptions>();
  auto* cmd = app.add_subcommand(
      "batch", "Run an experiment (designs x sweep points x replications) into one HDF5 file");
  cmd->add_option("experiment", o->experiment, "experiment file (TOML; docs/experiments.md)")
      ->required();
  cmd->add_option("-o,--output", o->settings.output, "the HDF5 file to write (docs/output.md)")
      ->required();
  cmd->add_option("-t,--threads", o->settings.threads,
                  "worker threads per process (default: every core)")
      ->check(CLI::Range(1, 1024));
  const std::vector<std::string> trace_levels(models::kTraceLevelNames.begin(),
                                              models::kTraceLevelNames.end());
  cmd->add_option("--trace", o->trace,
                  "trace level for every case: " + sim::input::join_names(trace_levels))
      ->check(CLI::IsMember(trace_levels));
  cmd->add_option("-r,--replications", o->replications,
                  "replications per case (default: the experiment's)")
      ->check(CLI::Range(1u, models::kMaxReplications));
  cmd->add_option("--deflate", o->settings.deflate, "deflate level 0-9 (0: none; default 1)")
      ->check(CLI::Range(0, 9));
  cmd->add_option("--shard", o->settings.shard,
                  "K/N: run only share K (0-based) of N and do not assemble (job arrays)");
  cmd->add_flag("--keep-parts", o->settings.keep_parts,
                "keep the per-replication files after assembly");
  cmd->add_flag("--json", o->settings.json, "print a JSON line with what was done");
  cmd->callback(
      [o, &context, &action] { action = [o, &context] { run_batch_command(*o, context); }; });
}

}  // namespace retzef::experiments
