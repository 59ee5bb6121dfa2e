#include "henhouse/board/http.h"

#include <httplib.h>

#include "henhouse/base/file.h"
#include "henhouse/board/event_server.h"
#include "henhouse/tlog/tiles.h"

namespace henhouse::board {
namespace {

void Apply(httplib::Response& res, const HttpResult& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
}

StatusOr<std::pair<std::string, int>> SplitHostPort(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return InvalidArgumentError("listen address must be host:port");
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return InvalidArgumentError("listen address: bad port in " + listen);
  }
  if (port < 0 || port > 65535) return InvalidArgumentError("listen address: port out of range");
  return std::make_pair(listen.substr(0, colon), port);
}

Status Listen(httplib::Server& svr, const std::string& listen,
              const std::function<void(const std::string&)>& on_listening) {
  HENHOUSE_ASSIGN_OR_RETURN(auto hp, SplitHostPort(listen));
  int port = hp.second;
  if (port == 0) {
    port = svr.bind_to_any_port(hp.first);
    if (port < 0) return UnavailableError("cannot bind " + listen);
  } else if (!svr.bind_to_port(hp.first, port)) {
    return UnavailableError("cannot bind " + listen);
  }
  on_listening(hp.first + ":" + std::to_string(port));
  if (!svr.listen_after_bind()) return UnavailableError("server on " + listen + " stopped");
  return OkStatus();
}

class HttpWitnessClient : public WitnessClient {
 public:
  HttpWitnessClient(const std::string& base, std::string prefix)
      : client_(base), prefix_(std::move(prefix)) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);
    client_.set_connection_timeout(5);
    client_.set_read_timeout(10);
  }
  StatusOr<HttpResult> AddCheckpoint(const std::string& body) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto res = client_.Post((prefix_ + "/add-checkpoint").c_str(), body, "text/plain");
    if (!res) return UnavailableError("witness unreachable: " + httplib::to_string(res.error()));
    return HttpResult{res->status, res->get_header_value("Content-Type"), res->body};
  }

 private:
  std::mutex mu_;
  httplib::Client client_;
  std::string prefix_;
};

// SplitUrl returns ("http://host:port", "/prefix") for http URLs.
StatusOr<std::pair<std::string, std::string>> SplitUrl(const std::string& url) {
  if (url.rfind("http://", 0) != 0) return InvalidArgumentError("URL must start with http://: " + url);
  size_t slash = url.find('/', 7);
  std::string base = url.substr(0, slash);
  std::string prefix = slash == std::string::npos ? "" : url.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return std::make_pair(base, prefix);
}

}  // namespace

namespace {

http::Response ToResponse(HttpResult r) {
  return http::Response{r.status, std::move(r.content_type), std::move(r.body), {}};
}

http::Response MethodNotAllowed(const char* allow) {
  return http::Response{405, "text/plain; charset=utf-8", "method not allowed\n", {{"Allow", allow}}};
}

// RouteLog answers one request to the log; only POST /add waits (for the
// group commit), the reads are answered at once.
void RouteLog(Log& log, http::Message& req, http::Responder res) {
  std::string_view path(req.target);
  path = path.substr(0, path.find('?'));
  bool get = req.method == "GET" || req.method == "HEAD";
  if (path == "/add") {
    if (req.method != "POST") return res.Send(MethodNotAllowed("POST"));
    auto shared = std::make_shared<http::Responder>(std::move(res));
    return log.SubmitAdd(std::move(req.body), [shared](HttpResult r) {
      shared->Send(ToResponse(std::move(r)));
    });
  }
  bool tile = path.rfind("/tile/", 0) == 0, receipt = path.rfind("/receipt/", 0) == 0;
  if (path != "/checkpoint" && !tile && !receipt) {
    return res.Send(http::Response{404, "text/plain; charset=utf-8", "not found\n", {}});
  }
  if (!get) return res.Send(MethodNotAllowed("GET, HEAD"));
  if (receipt) return res.Send(ToResponse(log.ProcessReceipt(path.substr(9))));
  http::Response r = ToResponse(log.ProcessGet(path.substr(1)));
  if (!tile) {
    r.headers.push_back({"Cache-Control", "no-cache, max-age=0"});
  } else if (r.status == 200) {
    r.headers.push_back({"Cache-Control", "public, max-age=31536000, immutable"});
  }
  res.Send(std::move(r));
}

}  // namespace

Status ServeLog(Log& log, const std::string& listen,
                const std::function<void(const std::string&)>& on_listening) {
  HENHOUSE_ASSIGN_OR_RETURN(auto hp, SplitHostPort(listen));
  http::ServerOptions options;
  options.limits.max_body = kMaxBlobSize;
  HENHOUSE_ASSIGN_OR_RETURN(auto server, http::EventServer::Bind(
      hp.first, hp.second, options,
      [&log](http::Message& req, http::Responder res) { RouteLog(log, req, std::move(res)); }));
  on_listening(hp.first + ":" + std::to_string(server->port()));
  return server->Run();
}

Status ServeWitness(Witness& witness, const std::string& listen,
                    const std::function<void(const std::string&)>& on_listening) {
  httplib::Server svr;
  svr.set_payload_max_length(1 << 20);
  svr.set_tcp_nodelay(true);
  svr.Post("/add-checkpoint", [&](const httplib::Request& req, httplib::Response& res) {
    Apply(res, witness.ProcessAddCheckpoint(req.body));
  });
  return Listen(svr, listen, on_listening);
}

StatusOr<std::unique_ptr<WitnessClient>> NewHttpWitnessClient(const std::string& url) {
  HENHOUSE_ASSIGN_OR_RETURN(auto parts, SplitUrl(url));
  return std::unique_ptr<WitnessClient>(new HttpWitnessClient(parts.first, parts.second));
}

StatusOr<Fetcher> NewHttpFetcher(const std::string& url) {
  HENHOUSE_ASSIGN_OR_RETURN(auto parts, SplitUrl(url));
  auto client = std::make_shared<httplib::Client>(parts.first);
  client->set_keep_alive(true);
  client->set_read_timeout(30);
  auto mu = std::make_shared<std::mutex>();
  std::string prefix = parts.second;
  return Fetcher([client, mu, prefix](const std::string& path) -> StatusOr<Bytes> {
    std::lock_guard<std::mutex> lock(*mu);
    auto res = client->Get((prefix + "/" + path).c_str());
    if (!res) return UnavailableError("GET " + path + ": " + httplib::to_string(res.error()));
    if (res->status == 404) return NotFoundError("GET " + path + ": 404");
    if (res->status != 200) return UnavailableError("GET " + path + ": status " + std::to_string(res->status));
    return ToBytes(res->body);
  });
}

Fetcher NewDirFetcher(const std::string& dir) {
  return [dir](const std::string& path) -> StatusOr<Bytes> {
    if (path != "checkpoint" && !tlog::ParseTilePath(path).ok()) {
      return InvalidArgumentError("not a log path: " + path);
    }
    return ReadFile(dir + "/public/" + path, size_t{1} << 24);
  };
}

}  // namespace henhouse::board
