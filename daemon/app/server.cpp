#include "daemon/app/server.hpp"

#include "daemon/alerts/dispatcher.hpp"
#include "daemon/api/routes.hpp"
#include "daemon/api/service.hpp"
#include "daemon/http/descriptor_limit.hpp"
#include "daemon/http/listener.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/intake/poller.hpp"
#include "daemon/models/model_set.hpp"
#include "daemon/store/reader.hpp"
#include "daemon/store/writer.hpp"
#include "daemon/app/systemd_notifier.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <hatewatch/version.hpp>

#include <atomic>
#include <csignal>
#include <algorithm>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace hatewatch::daemon {

namespace {

// A reload applies each source's `notify` and `flag` at once, but the dispatcher's channels and
// flagging set-ups only at a restart: a reload that routes alerts to something the running
// dispatcher lacks would make them dead. Such a reload is refused whole, naming the source.
void check_alert_routes(const config& running, const config& next) {
  for (const auto& s : next.sources) {
    for (const auto& name : s.alerts.notify)
      if (std::none_of(running.channels.begin(), running.channels.end(), [&](const auto& c) { return c.name == name; }))
        throw config_error("sources." + s.name + ".notify names channel '" + name +
                           "', which this daemon started without: new channels take effect at a restart, so "
                           "restart it instead of reloading (nothing was changed)");
    if (s.alerts.flag.enabled &&
        std::none_of(running.sources.begin(), running.sources.end(),
                     [&](const auto& r) { return r.name == s.name && r.alerts.flag.enabled; }))
      throw config_error("sources." + s.name + ".flag is turned on, which takes effect at a restart: restart "
                         "instead of reloading (nothing was changed)");
  }
}

} // namespace

struct server::impl {
  explicit impl(config c)
      : cfg(std::move(c)), source(cfg.source), drain_timeout(cfg.server.drain_timeout), log(get_logger("server")),
        control(net::make_strand(ioc)), signals(control), drain_timer(control), notifier(control) {}

  // Runs on the reload thread: one reload at a time. Nothing when it succeeded, else why not.
  std::optional<std::string> reload() {
    const auto running = svc->models();
    try {
      config next = cfg.source.empty() ? cfg : load_config(cfg.source);
      next.source = cfg.source;
      check_alert_routes(cfg, next);
      auto models = load_models(next.model, source_models(next.sources));
      if (!(next.server == cfg.server))
        log->warn("reload: changes under 'server' take effect after a restart");
      if (!(next.channels == cfg.channels) || !(next.alerts == cfg.alerts))
        log->warn("reload: changes under 'channels' and 'alerts' take effect after a restart");
      if (!(next.storage == cfg.storage))
        log->warn("reload: changes under 'storage' take effect after a restart");
      setup_logging(next.log);
      svc->update(models, api_settings_of(next));
      cfg = std::move(next);
      svc->stats().record_reload(true);
      log->info("reloaded: serving {}", describe(*models));
      return std::nullopt;
    } catch (const std::exception& e) {
      svc->stats().record_reload(false);
      log->error("reload rejected, still serving {}: {}", running ? describe(*running) : "no model", e.what());
      return std::string(e.what());
    }
  }

  void on_signal(error_code ec, int signo) {
    if (ec)
      return;
    if (signo == SIGHUP) {
      log->info("SIGHUP: reloading {} and the model", source.empty() ? "(no config file)" : source.string());
      notifier.reloading();
      net::post(reloader, [this] {
        reload();
        const auto m = svc->model();
        notifier.ready("serving model " + m->version());
      });
      signals.async_wait([this](error_code e, int s) { on_signal(e, s); });
      return;
    }
    if (stopping) {
      log->warn("second signal ({}): stopping at once", signo);
      exit_code = 1;
      ioc.stop();
      return;
    }
    log->info("signal {}: draining (up to {} ms)", signo, drain_timeout.count());
    // Re-arm first: a drain that completes at once cancels this wait, and a second signal during a
    // longer drain must still be seen.
    signals.async_wait([this](error_code e, int s) { on_signal(e, s); });
    begin_stop();
  }

  // Runs on the control strand.
  void begin_stop() {
    if (stopping || !front)  // stopped already, or never started
      return;
    stopping = true;
    notifier.stopping();
    svc->set_draining();
    deadline = std::chrono::steady_clock::now() + drain_timeout;
    front->stop();
    poll_drain();
  }

  // Polls the live-session count: cheap, and it needs no callback from every session.
  void poll_drain() {
    if (front->live_sessions() == 0) {
      log->info("drained; stopping");
      finish();
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      log->warn("drain timeout: closing {} connection(s) still open", front->live_sessions());
      exit_code = 1;
      front->close_all();
      finish();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(10));
    drain_timer.async_wait([this](error_code ec) {
      if (!ec)
        poll_drain();
    });
  }

  void finish() {
    notifier.stop_watchdog();
    error_code ignored;
    signals.cancel(ignored);
    drain_timer.cancel();
    // Sessions closed above end on their own strands; nothing else keeps run() going.
  }

  // After start(), `cfg` belongs to the reload thread; the control strand uses the copies below,
  // which a reload does not change.
  config cfg;
  const std::filesystem::path source;
  const std::chrono::milliseconds drain_timeout;
  std::shared_ptr<spdlog::logger> log;
  net::io_context ioc;
  net::strand<net::io_context::executor_type> control;
  net::signal_set signals;
  net::steady_timer drain_timer;
  systemd_notifier notifier;
  // Declared before svc's users run and destroyed after the threads are joined.
  std::unique_ptr<store::writer> writer;
  std::unique_ptr<store::reader> reader;
  std::unique_ptr<service> svc;
  std::unique_ptr<poller> polls;      // uses svc and writer
  std::unique_ptr<dispatcher> alerts; // uses writer
  std::shared_ptr<router> routes;
  net::thread_pool reloader{1};
  std::shared_ptr<listener> front;
  std::vector<std::thread> threads;
  std::chrono::steady_clock::time_point deadline;
  bool stopping = false; // control strand only
  std::atomic<int> exit_code{0};
};

server::server(config cfg) : impl_(std::make_unique<impl>(std::move(cfg))) {}

server::~server() {
  if (!impl_->threads.empty()) {
    impl_->ioc.stop();
    wait();
  }
}

tcp::endpoint server::start(bool handle_signals) {
  auto& s = *impl_;
  apply_environment(s.cfg);
  auto server_cfg = s.cfg.server;
  // Before any side effect: a limit that cannot fit the connections is a configuration error.
  const auto files = fit_descriptor_limit(server_cfg.max_connections);
  if (files < server_cfg.max_connections + descriptor_reserve)
    s.log->warn("server.max_connections is {} but only {} files may be open (the hard limit): past about {} "
                "connections, accepts pause and retry; raise LimitNOFILE / ulimit -Hn, or lower max_connections",
                server_cfg.max_connections, files, files > descriptor_reserve ? files - descriptor_reserve : 0);
  s.svc = std::make_unique<service>(api_settings_of(s.cfg), load_models(s.cfg.model, source_models(s.cfg.sources)));
  s.log->info("{} loaded from {}", describe(*s.svc->models()), s.cfg.model.path.string());
  // A promotion from the console reloads as SIGHUP does, on the reload thread, and waits for it.
  // It gives up after a minute (a daemon stopping has no reload thread left to run it).
  s.svc->set_reload([&s]() -> std::optional<std::string> {
    auto done = std::make_shared<std::promise<std::optional<std::string>>>();
    auto answer = done->get_future();
    net::post(s.reloader, [&s, done] { done->set_value(s.reload()); });
    if (answer.wait_for(std::chrono::minutes(1)) != std::future_status::ready)
      return "the reload did not finish within a minute";
    return answer.get();
  });
  if (s.cfg.storage.enabled()) {
    // Opened and migrated before the port is bound and READY=1 is sent: a daemon that answers is
    // one that can store.
    s.writer = std::make_unique<store::writer>(s.cfg.storage);
    s.reader = std::make_unique<store::reader>(s.cfg.storage);
    s.svc->attach_store(s.writer.get(), s.reader.get());
    s.writer->start();
    s.reader->start();
    s.polls = std::make_unique<poller>(s.cfg.sources, *s.svc, *s.writer);
    s.alerts = std::make_unique<dispatcher>(dispatcher_config_of(s.cfg), s.cfg.storage, *s.writer);
    s.svc->add_metrics([d = s.alerts.get()](std::string& out) { d->render_metrics(out); });
    s.svc->add_health([d = s.alerts.get(), p = s.polls.get()](std::vector<service::component_fault>& out) {
      if (auto fault = d->fault())
        out.push_back({"alert dispatcher", std::move(*fault)});
      for (auto& [source, why] : p->faults())
        out.push_back({"poller of source " + source, std::move(why)});
    });
    if (s.cfg.storage.backend == storage_backend::postgresql)
      s.log->info("storage: PostgreSQL {} ({} reading connection(s))", s.cfg.storage.url, s.cfg.storage.pool_size);
    else
      s.log->info("storage: {} (synchronous={})", s.cfg.storage.path.string(),
                  s.cfg.storage.synchronous == sync_mode::full ? "full" : "normal");
  } else {
    s.log->warn("storage is off (storage.path is empty): webhooks and the comments API answer 503");
  }
  s.routes = make_api_routes(*s.svc);
  s.front = std::make_shared<listener>(s.ioc, server_cfg, s.routes);
  const auto endpoint = s.front->open();
  if (handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.add(SIGHUP);
    s.signals.async_wait([&s](error_code ec, int signo) { s.on_signal(ec, signo); });
  }
  s.front->start();

  unsigned n = server_cfg.threads ? server_cfg.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i)
    s.threads.emplace_back([&s] { s.ioc.run(); });
  s.log->info("hatewatch {} listening on {}:{} with {} thread(s), up to {} connections ({} open files allowed)",
              hatewatch::version, endpoint.address().to_string(), endpoint.port(), n, server_cfg.max_connections, files);
  if (s.polls)
    s.polls->start();
  if (s.alerts)
    s.alerts->start();
  s.notifier.start_watchdog();
  s.notifier.ready("serving model " + s.svc->model()->version());
  return endpoint;
}

void server::stop() {
  net::post(impl_->control, [s = impl_.get()] { s->begin_stop(); });
}

int server::wait() {
  for (auto& t : impl_->threads)
    if (t.joinable())
      t.join();
  impl_->threads.clear();
  impl_->reloader.join();
  // The I/O threads are gone: commit whatever is still queued (answers nobody waits for any more
  // are harmless: the forum retries and the duplicate is recognised).
  if (impl_->polls)
    impl_->polls->stop();
  if (impl_->alerts)
    impl_->alerts->stop();
  if (impl_->reader)
    impl_->reader->stop();
  if (impl_->writer)
    impl_->writer->stop();
  return impl_->exit_code;
}

bool server::reload() {
  std::promise<bool> done;
  net::post(impl_->reloader, [&] { done.set_value(!impl_->reload()); });
  return done.get_future().get();
}

} // namespace hatewatch::daemon
