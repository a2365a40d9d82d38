#!/usr/bin/env bash
# A small Quiver cluster on loopback, to try the cluster roles on one machine: etcd, S3Proxy (on disk) and
# Pulsar standalone, then 1 coordinator, 2 write nodes, 2 query nodes and 2 proxies, each its own process.
#
#   scripts/local-cluster.sh up       build what is missing, start everything, wait until every process is ready
#   scripts/local-cluster.sh status   one line per process; exit 0 only if every one is running
#   scripts/local-cluster.sh down     stop everything, newest first (SIGTERM, then SIGKILL after a grace period)
#
# Environment:
#   QUIVER_CLUSTER_DIR      state directory (default: .local-cluster in the repository): one config, log and pid
#                           file per process, and the data of etcd, S3Proxy and Pulsar
#   QUIVER_PROXY_PORTS      Milvus API ports, one proxy per port (default: "19530 19531")
#   QUIVER_CLUSTER_TIMEOUT  seconds a process may take to become ready (default: 180)
#   QUIVER_CLUSTER_GRACE    seconds between SIGTERM and SIGKILL in down (default: 20)
#   QUIVER_REBUILD=1        rebuild the jars even if they exist
#   QUIVER_JAVA_OPTS        extra JVM flags for the Quiver processes
#   QUIVER_<KEY>            any other cluster config key (see ClusterConfig), e.g. QUIVER_WAL_CHANNELS=8
#
# Every `up` starts an empty cluster: it deletes the data and logs of the previous (stopped) run in the state
# directory. `down` keeps them, so logs can be read after a stop.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=$(realpath -m "${QUIVER_CLUSTER_DIR:-$root/.local-cluster}")
read -r -a proxy_ports <<<"${QUIVER_PROXY_PORTS:-19530 19531}"
start_timeout=${QUIVER_CLUSTER_TIMEOUT:-180}
grace=${QUIVER_CLUSTER_GRACE:-20}
services=$root/integration-tests/target/services
marker=$state/.quiver-local-cluster

# S3Proxy accepts requests signed with these; the Quiver processes get them in their config.
s3_access_key=quiver-local
s3_secret_key=quiver-local-secret
# Ports of the services, chosen by `up` (start_etcd, start_s3proxy, start_pulsar).
etcd_port='' s3_port='' pulsar_port='' pulsar_web_port=''

# Cluster config keys this script writes: their QUIVER_<KEY> variables are removed from the roles' environment
# (an environment variable overrides the config file), so a stray QUIVER_MILVUS_PORT cannot break the cluster.
written_keys=(node.id host rpc.port milvus.port etcd.endpoints pulsar.service-url
    s3.endpoint s3.bucket s3.access-key s3.secret-key)

say() { echo "local-cluster: $*"; }
die() {
    echo "local-cluster: $*" >&2
    exit 1
}

usage() { # the comment at the top of this file
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

# ---------------------------------------------------------------------------------------------------------------
# Processes: run/NAME.pid, logs/NAME.log, conf/NAME.*, data/NAME/ (its working directory), and one line
# "NAME ROLE PORT" per process in `processes`, in start order.

pid_of() {
    cat "$state/run/$1.pid" 2>/dev/null || true
}

# Whether PID is alive and one of ours: its command line names a config file in this state directory (so a
# recycled pid of some other program is never taken for, or stopped as, a cluster process).
is_running() {
    local pid=$1 cmdline
    [ -n "$pid" ] || return 1
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
    [[ $cmdline == *"$state/conf/"* ]]
}

any_running() {
    local name role port
    [ -f "$state/processes" ] || return 1
    while read -r name role port; do
        is_running "$(pid_of "$name")" && return 0
    done <"$state/processes"
    return 1
}

# launch NAME ROLE PORT COMMAND...: starts COMMAND in the background in a session of its own (so neither a
# Ctrl-C nor a closed terminal reaches it), in data/NAME, with its output in logs/NAME.log.
launch() {
    local name=$1 role=$2 port=$3
    shift 3
    mkdir -p "$state/data/$name"
    (cd "$state/data/$name" && exec setsid "$@" </dev/null >"$state/logs/$name.log" 2>&1) &
    local pid=$! waited=0
    echo "$pid" >"$state/run/$name.pid"
    echo "$name $role $port" >>"$state/processes"
    # until the background shell has turned into the command, its pid does not look like one of ours yet
    until is_running "$pid"; do
        ((waited++ < 100)) || start_failed "$name" "did not start"
        sleep 0.05
    done
}

# await NAME WHAT CHECK...: runs CHECK every half second until it succeeds; fails (naming the process and its
# log) if the process exits first or does not get there within the timeout.
await() {
    local name=$1 what=$2 pid deadline=$((SECONDS + start_timeout))
    shift 2
    pid=$(pid_of "$name")
    until "$@"; do
        is_running "$pid" || start_failed "$name" "exited before it was ready ($what)"
        ((SECONDS < deadline)) || start_failed "$name" "was not ready ($what) within ${start_timeout}s"
        sleep 0.5
    done
}

start_failed() {
    local name=$1 reason=$2 log=$state/logs/$1.log
    {
        echo "local-cluster: $name (pid $(pid_of "$name")) $reason; see $log. Its last lines:"
        tail -n 25 "$log" 2>/dev/null | sed 's/^/    /'
    } >&2
    exit 1 # the EXIT trap of `up` stops what was started
}

# stop_group NAME...: SIGTERM to each that runs, then SIGKILL to any still running after the grace period.
stop_group() {
    local name pid i deadline names=() pids=()
    for name; do
        pid=$(pid_of "$name")
        is_running "$pid" || continue
        kill -TERM "$pid" 2>/dev/null || true
        names+=("$name")
        pids+=("$pid")
    done
    deadline=$((SECONDS + grace))
    for i in "${!pids[@]}"; do
        while is_running "${pids[$i]}" && ((SECONDS < deadline)); do sleep 0.2; done
    done
    for i in "${!pids[@]}"; do
        pid=${pids[$i]}
        if is_running "$pid"; then
            say "${names[$i]} (pid $pid) did not stop within ${grace}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            while is_running "$pid"; do sleep 0.1; done
        fi
        stopped_pids+=("$pid")
        say "stopped ${names[$i]} (pid $pid)"
    done
}

# An exited process stays a zombie until its parent (init, once `up` has returned) reaps it, which may take a
# moment: stop_all waits (at most 5 s each) until every process it stopped is gone from the process table.
stopped_pids=()
wait_reaped() {
    local pid tries
    for pid in "${stopped_pids[@]}"; do
        tries=0
        while [ -e "/proc/$pid" ] && ((tries++ < 50)); do sleep 0.1; done
    done
}

# Newest first, one role at a time (the processes of a role stop together): proxies, query nodes, write nodes,
# coordinator, then Pulsar, S3Proxy and etcd.
stop_all() {
    [ -f "$state/processes" ] || return 0
    local name role port group_role='' group=()
    while read -r name role port; do
        if [ "$role" != "$group_role" ] && [ ${#group[@]} -gt 0 ]; then
            stop_group "${group[@]}"
            group=()
        fi
        group_role=$role
        group+=("$name")
    done < <(tac "$state/processes")
    if [ ${#group[@]} -gt 0 ]; then stop_group "${group[@]}"; fi
    wait_reaped
}

# ---------------------------------------------------------------------------------------------------------------
# Ports and probes

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# allocate_port VAR: sets VAR to a port nobody listens on, below the kernel's usual ephemeral range (so no
# outgoing connection holds it) and not handed out before by this run.
allocated=" "
allocate_port() {
    local candidate attempt
    for ((attempt = 0; attempt < 200; attempt++)); do
        candidate=$((20000 + RANDOM % 12000))
        [[ $allocated == *" $candidate "* ]] && continue
        port_open "$candidate" && continue
        allocated+="$candidate "
        printf -v "$1" '%s' "$candidate"
        return 0
    done
    die "found no free port between 20000 and 32000"
}

http_body_has() { # URL TEXT
    curl -sf --max-time 2 "$1" 2>/dev/null | grep -qF -- "$2"
}

http_answers() { # any HTTP answer at all (S3Proxy says 403 to an unsigned request)
    curl -s --max-time 2 -o /dev/null "$1"
}

log_has() { # NAME TEXT
    grep -qF -- "$2" "$state/logs/$1.log" 2>/dev/null
}

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites

need_build() {
    [ "${QUIVER_REBUILD:-0}" = 1 ] && return 0
    [ -f "$root/server/target/quiver-server.jar" ] && [ -d "$root/server/target/lib" ] || return 0
    [ -f "$services/s3proxy.jar" ] && [ -f "$services/test.classpath" ] || return 0
    # Pulsar runs with the integration tests' class path: every entry must still be there
    local entry
    while read -r entry; do
        [ -z "$entry" ] || [ -e "$entry" ] || return 0
    done < <(tr ':' '\n' <"$services/test.classpath")
    return 1
}

install_missing_packages() {
    local missing=()
    [ -x /usr/bin/etcd ] || missing+=(etcd-server)
    command -v curl >/dev/null || missing+=(curl)
    if need_build && ! command -v mvn >/dev/null; then missing+=(maven); fi
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]}; install them (apt-get install -y ${missing[*]}) and retry"
    say "installing ${missing[*]} with apt-get (output in $state/apt.log)..."
    { apt-get update -q && apt-get install -y -q "${missing[@]}"; } >"$state/apt.log" 2>&1 ||
        die "apt-get could not install ${missing[*]}; see $state/apt.log"
}

# The server jar and its libraries (bin/quiver runs them), the S3Proxy jar and the class path Pulsar runs with.
build_if_needed() {
    need_build || return 0
    say "building Quiver (takes a few minutes; output in $state/build.log)..."
    if ! (cd "$root" && mvn -B -q -DskipTests -pl integration-tests -am package) >"$state/build.log" 2>&1; then
        tail -n 30 "$state/build.log" | sed 's/^/    /' >&2
        die "the build failed; see $state/build.log"
    fi
}

# Refuses a running cluster and a directory this script did not create; empties what a previous run left.
prepare_state_dir() {
    if any_running; then
        die "a cluster is already running in $state (see: $0 status); stop it first with: $0 down"
    fi
    if [ -d "$state" ] && [ ! -f "$marker" ] && [ -n "$(ls -A "$state")" ]; then
        die "$state is not empty and was not made by this script; choose another QUIVER_CLUSTER_DIR"
    fi
    rm -rf "$state/run" "$state/logs" "$state/conf" "$state/data" "$state/processes"
    mkdir -p "$state/run" "$state/logs" "$state/conf" "$state/data"
    touch "$marker"
}

check_proxy_ports() {
    [ ${#proxy_ports[@]} -ge 1 ] || die "QUIVER_PROXY_PORTS is empty; give at least one port"
    local port
    for port in "${proxy_ports[@]}"; do
        if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
            die "proxy port '$port' is not 1 to 65535"
        fi
        port_open "$port" && die "port $port is already in use; choose other ports with QUIVER_PROXY_PORTS"
        allocated+="$port "
    done
}

# ---------------------------------------------------------------------------------------------------------------
# The services

start_etcd() {
    allocate_port etcd_port
    local peer_port
    allocate_port peer_port
    cat >"$state/conf/etcd.yaml" <<EOF
name: quiver-local
data-dir: $state/data/etcd/member-data
listen-client-urls: http://127.0.0.1:$etcd_port
advertise-client-urls: http://127.0.0.1:$etcd_port
listen-peer-urls: http://127.0.0.1:$peer_port
initial-advertise-peer-urls: http://127.0.0.1:$peer_port
initial-cluster: quiver-local=http://127.0.0.1:$peer_port
initial-cluster-token: quiver-local
initial-cluster-state: new
EOF
    launch etcd etcd "$etcd_port" /usr/bin/etcd --config-file "$state/conf/etcd.yaml"
}

start_s3proxy() {
    allocate_port s3_port
    cat >"$state/conf/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$s3_access_key
s3proxy.credential=$s3_secret_key
jclouds.provider=filesystem-nio2
jclouds.identity=$s3_access_key
jclouds.credential=$s3_secret_key
jclouds.filesystem.basedir=$state/data/s3proxy/buckets
EOF
    mkdir -p "$state/data/s3proxy/buckets"
    launch s3proxy s3proxy "$s3_port" "$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC \
        -jar "$services/s3proxy.jar" --properties "$state/conf/s3proxy.properties"
}

# Pulsar standalone (one broker, one bookie, metadata in RocksDB) as the integration tests run it, except that
# ledgers roll over at Pulsar's normal sizes. Retention 0: a topic keeps what some subscription has not
# acknowledged (the write-ahead log holds its data with a subscription), and inactive topics are never deleted.
write_pulsar_config() {
    cat >"$state/conf/pulsar.conf" <<EOF
clusterName=standalone
brokerServicePort=$pulsar_port
webServicePort=$pulsar_web_port
bindAddress=127.0.0.1
advertisedAddress=127.0.0.1
allowEphemeralPorts=true
listeningInterface=lo
allowLoopback=true
managedLedgerDefaultEnsembleSize=1
managedLedgerDefaultWriteQuorum=1
managedLedgerDefaultAckQuorum=1
defaultRetentionTimeInMinutes=0
defaultRetentionSizeInMB=0
backlogQuotaDefaultLimitBytes=-1
backlogQuotaDefaultLimitSecond=-1
subscriptionExpirationTimeMinutes=0
brokerDeleteInactiveTopicsEnabled=false
maxMessageSize=16777216
nettyMaxFrameSizeBytes=16842752
journalSyncData=true
loadManagerClassName=org.apache.pulsar.broker.loadbalance.NoopLoadManager
loadBalancerEnabled=false
managedLedgerCacheSizeMB=64
dbStorage_writeCacheMaxSizeMb=32
dbStorage_readAheadCacheMaxSizeMb=32
dbStorage_rocksDB_blockCacheSize=16777216
numIOThreads=2
numOrderedExecutorThreads=2
numExecutorThreadPoolSize=2
numHttpServerThreads=4
bookkeeperClientNumWorkerThreads=2
bookkeeperClientNumIoThreads=2
managedLedgerNumSchedulerThreads=2
topicOrderedExecutorThreadNum=2
numAddWorkerThreads=1
numReadWorkerThreads=2
serverNumIOThreads=2
transactionCoordinatorEnabled=false
functionsWorkerEnabled=false
webSocketServiceEnabled=false
brokerShutdownTimeoutMs=5000
EOF
    cat >"$state/conf/pulsar-log4j2.properties" <<'EOF'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
EOF
}

start_pulsar() {
    allocate_port pulsar_port
    allocate_port pulsar_web_port
    local bookie_port dir=$state/data/pulsar opens=() module
    allocate_port bookie_port
    write_pulsar_config
    # the same modules Pulsar's own launcher opens
    for module in java.base/java.io java.base/java.util.zip java.base/java.nio java.base/jdk.internal.misc \
        java.base/sun.net java.base/jdk.internal.platform java.base/java.lang java.management/sun.management \
        jdk.management/com.sun.management.internal; do
        opens+=(--add-opens "$module=ALL-UNNAMED")
    done
    launch pulsar pulsar "$pulsar_port" "$JAVA_HOME/bin/java" \
        -Xms256m -Xmx768m -XX:MaxDirectMemorySize=768m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
        -Dio.netty.tryReflectionSetAccessible=true -Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider \
        "${opens[@]}" -Dlog4j2.configurationFile="$state/conf/pulsar-log4j2.properties" -Dpulsar.log.dir="$dir" \
        -cp "$(cat "$services/test.classpath")" org.apache.pulsar.PulsarStandaloneStarter \
        --config "$state/conf/pulsar.conf" --metadata-dir "$dir/metadata" --bookkeeper-dir "$dir/bookkeeper" \
        --bookkeeper-port "$bookie_port" --zookeeper-dir "$dir/no-zookeeper" -nfw -nss
    # (--zookeeper-dir names a directory that does not exist: standalone then keeps its metadata in RocksDB)
}

start_services() {
    start_etcd
    await etcd "healthy" http_body_has "http://127.0.0.1:$etcd_port/health" '"health":"true"'
    start_s3proxy
    start_pulsar
    await s3proxy "answering HTTP" http_answers "http://127.0.0.1:$s3_port/"
    # the broker answers, and standalone has created the namespace the write-ahead log's topics live in
    await pulsar "namespace public/default created" \
        http_body_has "http://127.0.0.1:$pulsar_web_port/admin/v2/namespaces/public" public/default
    say "etcd, S3Proxy and Pulsar are ready"
}

# ---------------------------------------------------------------------------------------------------------------
# The Quiver roles, through bin/quiver (which finds the JDK and sets the JVM flags every Quiver process needs)

# start_role NAME ROLE HEAP PORT: writes conf/NAME.properties and starts `bin/quiver ROLE --config` with it.
start_role() {
    local name=$1 role=$2 heap=$3 port=$4 key unset=()
    {
        echo "node.id=$name"
        echo "host=127.0.0.1"
        if [ "$role" = proxy ]; then echo "milvus.port=$port"; else echo "rpc.port=$port"; fi
        echo "etcd.endpoints=http://127.0.0.1:$etcd_port"
        echo "pulsar.service-url=pulsar://127.0.0.1:$pulsar_port"
        echo "s3.endpoint=http://127.0.0.1:$s3_port"
        echo "s3.bucket=quiver"
        echo "s3.access-key=$s3_access_key"
        echo "s3.secret-key=$s3_secret_key"
    } >"$state/conf/$name.properties"
    for key in "${written_keys[@]}"; do
        key=${key^^}
        unset+=(-u "QUIVER_${key//[.-]/_}")
    done
    unset+=(-u QUIVER_REBUILD) # built above; bin/quiver must not build again
    launch "$name" "$role" "$port" env "${unset[@]}" \
        QUIVER_JAVA_OPTS="-Xmx$heap -XX:+UseSerialGC ${QUIVER_JAVA_OPTS:-}" \
        "$root/bin/quiver" "$role" --config "$state/conf/$name.properties"
}

ready_marker() {
    case $1 in
    coordinator) echo "leads:" ;;
    proxy) echo "serving the Milvus API" ;;
    *) echo "ready" ;;
    esac
}

start_roles() {
    local port i name role entry entries
    allocate_port port
    start_role coordinator-1 coordinator 512m "$port"
    await coordinator-1 "logged 'leads:'" log_has coordinator-1 "leads:"
    # the others start together and register with the coordinator
    for i in 1 2; do
        allocate_port port
        start_role "writenode-$i" writenode 2g "$port"
    done
    for i in 1 2; do
        allocate_port port
        start_role "querynode-$i" querynode 2g "$port"
    done
    for i in "${!proxy_ports[@]}"; do
        start_role "proxy-$((i + 1))" proxy 768m "${proxy_ports[$i]}"
    done
    mapfile -t entries <"$state/processes"
    for entry in "${entries[@]}"; do
        read -r name role port <<<"$entry"
        case $role in
        writenode | querynode | proxy)
            await "$name" "logged '$(ready_marker "$role")'" log_has "$name" "$(ready_marker "$role")"
            ;;
        esac
    done
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

abort_up() {
    local status=$?
    [ "$status" -eq 0 ] && return 0
    say "up failed; stopping what it started" >&2
    stop_all >&2
    exit "$status"
}

up() {
    local begin=$SECONDS port uris=()
    mkdir -p "$state"
    prepare_state_dir
    check_proxy_ports
    install_missing_packages
    # shellcheck disable=SC1091  # finds a JDK 21+ and exports JAVA_HOME (as bin/quiver does)
    . "$root/scripts/jdk.sh"
    quiver_find_jdk
    build_if_needed
    trap abort_up EXIT # from here on, any failure (or Ctrl-C) stops what was started
    trap 'exit 130' INT TERM
    start_services
    start_roles
    trap - EXIT INT TERM
    for port in "${proxy_ports[@]}"; do uris+=("http://127.0.0.1:$port"); done
    say "up in $((SECONDS - begin)) s; Milvus API at ${uris[*]}"
    status || true
    say "logs: $state/logs/ (one per process; configs in $state/conf/)"
    say "stop with: $0 down"
}

status() {
    [ -f "$state/processes" ] || {
        say "no cluster in $state (start one with: $0 up)" >&2
        return 3
    }
    local name role port pid state_word all=0
    while read -r name role port; do
        pid=$(pid_of "$name")
        if is_running "$pid"; then state_word=running; else state_word=dead all=1; fi
        printf '%-13s %-11s pid %-7s port %-5s %s\n' "$name" "$role" "${pid:--}" "$port" "$state_word"
    done <"$state/processes"
    return "$all"
}

down() {
    if ! any_running; then
        say "nothing running in $state"
        return 0
    fi
    stop_all
    say "stopped; logs remain in $state/logs/"
}

case "${1:-}" in
up) up ;;
status) status ;;
down) down ;;
*) usage ;;
esac
