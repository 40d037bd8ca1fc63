// Binds Alertmanager and Grafana services to what they read: alertmanager.yml (the --config.file
// flag or the image's default, through the mounts), Grafana's GF_* environment and the datasource
// provisioning files of its provisioning directory; and each Alertmanager to the Prometheus services
// whose alerting targets reach it.
#pragma once

#include <memory>
#include <string>

#include "linter/model/am_config.h"
#include "linter/model/stack.h"
#include "linter/source/fs.h"

namespace stacklint {

void bind_alertmanager(Stack& stack, Service& svc, const FileSystem& fs);
void bind_grafana(Stack& stack, Service& svc, const FileSystem& fs);
// After the topology: Service::alert_senders of every Alertmanager.
void bind_alert_senders(Stack& stack);

// An alertmanager.yml no service reads, checked on its own.
std::shared_ptr<AmConfig> load_standalone_alertmanager(Stack& stack, const FileSystem& fs,
                                                       const std::string& host_path);

// The port an Alertmanager serves on: 9093, or the port of --web.listen-address.
int alertmanager_listen_port(const Service& svc);
// The port its cluster gossips on: 9094, or the port of --cluster.listen-address; 0 when the flag is
// empty (no cluster).
int alertmanager_cluster_port(const Service& svc);

// The port cAdvisor serves its UI and /metrics on: 8080, or the value of its -port flag (0 when
// that is no port).
int cadvisor_listen_port(const Service& svc);

}  // namespace stacklint
