# Shared shell pieces for scripts/serve, scripts/test and scripts/bench.
#
# Source it:   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# or run one function from another language (the end-to-end tests do):
#              bash scripts/lib.sh render_nginx --dir /tmp/x/nginx --port 8123 ...
#
# Nothing here starts anything when sourced; every function does one thing.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# nginx lives in /usr/sbin, which is not on a normal user's PATH on Debian.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin" ;; esac
export PATH

# bash 5.2: `&` in ${var//pattern/replacement} would mean "the match"; we substitute paths literally.
shopt -u patsub_replacement 2>/dev/null || true

# What the application needs on a Debian machine, to build and to run.
RUNTIME_PACKAGES=(libfcgi-dev libfcgi-bin apache2-utils libsqlite3-dev libxlsxwriter-dev libhpdf-dev
    fonts-dejavu-core sqlite3 pkg-config curl ca-certificates)

# The three deployment paths of nginx/customer-admin.conf, replaced when it is rendered for a checkout.
SNIPPET_SOCKET=/run/customer-admin/customer-admin.sock
SNIPPET_HTPASSWD=/etc/customer-admin/htpasswd
SNIPPET_WWW=/opt/customer-admin/www

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Packages

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

APT_UPDATED=${APT_UPDATED:-}

# Installs the Debian packages that are missing; a second run only asks dpkg and is quick.
ensure_packages() {
    local missing=() package
    for package in "$@"; do
        package_installed "$package" || missing+=("$package")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them"
    log "installing: ${missing[*]}"
    if [[ -z $APT_UPDATED ]]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# nginx-light unless some nginx (nginx, nginx-core, nginx-full...) is already there.
ensure_nginx() {
    command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || ensure_packages nginx-light
}

ensure_swift() {
    command -v swift >/dev/null ||
        die "no Swift toolchain on PATH: install Swift 6.1 or later (swift.org/install) and run again"
}

# ---------------------------------------------------------------------------------------------
# Build

# Builds the executable (debug|release) and prints its path; $CUSTOMER_ADMIN_BIN, when set, is used
# as it is instead (a prebuilt binary).
build_binary() {
    local configuration=${1:-release}
    if [[ -n ${CUSTOMER_ADMIN_BIN:-} ]]; then
        [[ -x $CUSTOMER_ADMIN_BIN ]] || die "CUSTOMER_ADMIN_BIN=$CUSTOMER_ADMIN_BIN is not an executable"
        printf '%s\n' "$CUSTOMER_ADMIN_BIN"
        return
    fi
    log "building (swift build -c $configuration)..."
    (cd "$REPO" && swift build -c "$configuration" --product customer-admin >&2)
    printf '%s/customer-admin\n' "$(cd "$REPO" && swift build -c "$configuration" --show-bin-path)"
}

# ---------------------------------------------------------------------------------------------
# Store and logins

# True when the store has no customers yet (or does not exist).
store_is_empty() {
    local db=$1
    [[ -s $db ]] || return 0
    [[ $(sqlite3 "$db" 'SELECT EXISTS (SELECT 1 FROM customers);' 2>/dev/null || echo 0) == 0 ]]
}

customer_count() {
    sqlite3 "$1" 'SELECT count(*) FROM customers;' 2>/dev/null || echo 0
}

random_password() {
    local password=''
    while [[ ${#password} -lt 16 ]]; do
        password+=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    done
    printf '%s\n' "${password:0:16}"
}

# ensure_logins FILE USER:ROLE...
# Keeps FILE as lines `USER PASSWORD ROLE`: existing passwords are reused, new users get a random one.
ensure_logins() {
    local file=$1; shift
    local -A known=()
    local user password role entry
    if [[ -f $file ]]; then
        while read -r user password role; do
            [[ -n $user && -n $password ]] && known[$user]=$password
        done <"$file"
    fi
    mkdir -p "$(dirname "$file")"
    local tmp="$file.tmp"
    (umask 077; : >"$tmp")
    for entry in "$@"; do
        user=${entry%%:*}
        role=${entry#*:}
        password=${known[$user]:-$(random_password)}
        printf '%s %s %s\n' "$user" "$password" "$role" >>"$tmp"
    done
    mv "$tmp" "$file"
}

# write_htpasswd CREDENTIALS HTPASSWD [bcrypt|sha]
# bcrypt (the default) is what production should use; nginx checks it on every request, which costs
# CPU, so the benchmark uses the cheap {SHA} scheme to measure the application instead.
# The file is 0600 (nginx's workers run as this user here); passwords go to htpasswd on its standard
# input (-i), never on a command line, where any local user could read them in `ps`.
write_htpasswd() {
    local credentials=$1 htpasswd=$2 scheme=${3:-bcrypt}
    local flag=-B user password role
    [[ $scheme == sha ]] && flag=-s
    local tmp="$htpasswd.tmp"
    (umask 077; : >"$tmp")
    while read -r user password role; do
        [[ -n $user ]] || continue
        printf '%s\n' "$password" | htpasswd -i "$flag" "$tmp" "$user" 2>/dev/null
    done <"$credentials"
    chmod 600 "$tmp"
    mv "$tmp" "$htpasswd"
}

# private_dir DIR: makes DIR (and missing parents) readable by this user only, 0700.
private_dir() {
    mkdir -p "$1"
    chmod 700 "$1"
}

# private_store DB: the store and its -wal and -shm files, those that exist, 0600. SQLite gives
# the -wal and -shm files it creates later the store's own mode.
private_store() {
    local file
    for file in "$1" "$1-wal" "$1-shm"; do
        [[ -e $file ]] && chmod 600 "$file"
    done
    return 0
}

# ensure_staff BIN DB CREDENTIALS: every login of CREDENTIALS is a staff member with its role.
ensure_staff() {
    local bin=$1 db=$2 credentials=$3 user password role existing
    existing=$("$bin" staff list --db "$db" 2>/dev/null || true)
    while read -r user password role; do
        [[ -n $user ]] || continue
        # The user name is the first field of a line; a word elsewhere (a role, the hint an empty
        # store prints) is no match.
        awk -v user="$user" '$1 == user { found = 1 } END { exit !found }' <<<"$existing" && continue
        "$bin" staff add "$user" --role "$role" --db "$db" >/dev/null
    done <"$credentials"
}

# ---------------------------------------------------------------------------------------------
# nginx

# render_snippet SOCKET HTPASSWD WWW [UPSTREAM]: nginx/customer-admin.conf with this checkout's paths.
# With UPSTREAM, FastCGI goes through that upstream (declared by render_nginx) with keep-alive.
render_snippet() {
    local socket=$1 htpasswd=$2 www=$3 upstream=${4:-}
    local text
    text=$(<"$REPO/nginx/customer-admin.conf")
    if [[ -n $upstream ]]; then
        text=${text//"fastcgi_pass unix:$SNIPPET_SOCKET;"/"fastcgi_pass $upstream;"}
        text=${text//"fastcgi_keep_conn off;"/"fastcgi_keep_conn on;"}
    fi
    text=${text//"$SNIPPET_SOCKET"/"$socket"}
    text=${text//"$SNIPPET_HTPASSWD"/"$htpasswd"}
    text=${text//"$SNIPPET_WWW"/"$www"}
    printf '%s\n' "$text"
}

# render_nginx --dir DIR --port PORT --socket SOCKET --htpasswd FILE
#              [--www DIR] [--keepalive N] [--workers N|auto] [--access-log FILE|off]
#              [--hello-port PORT --hello-socket SOCKET]
# Writes DIR/nginx.conf (from nginx/standalone.conf.template) and DIR/customer-admin.conf (the snippet),
# plus the mime.types and fastcgi_params they include. With --hello-port, a second server on that port
# serves a second responder (the benchmark's hello-world) through the very same rules.
render_nginx() {
    local dir='' port='' socket='' htpasswd='' www="$REPO/www" keepalive=0 workers=auto
    local access_log='' hello_port='' hello_socket=''
    while [[ $# -gt 0 ]]; do
        case $1 in
            --dir) dir=$2 ;;
            --port) port=$2 ;;
            --socket) socket=$2 ;;
            --htpasswd) htpasswd=$2 ;;
            --www) www=$2 ;;
            --keepalive) keepalive=$2 ;;
            --workers) workers=$2 ;;
            --access-log) access_log=$2 ;;
            --hello-port) hello_port=$2 ;;
            --hello-socket) hello_socket=$2 ;;
            *) die "render_nginx: unknown option $1" ;;
        esac
        shift 2
    done
    [[ -n $dir && -n $port && -n $socket && -n $htpasswd ]] ||
        die "render_nginx needs --dir, --port, --socket and --htpasswd"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    access_log=${access_log:-$dir/access.log}

    local conf_dir
    conf_dir=$(nginx_conf_dir)
    cp "$conf_dir/mime.types" "$conf_dir/fastcgi_params" "$dir/"

    local upstream='' main_upstream='' hello_upstream='' extra=''
    if [[ $keepalive -gt 0 ]]; then
        main_upstream=customer_admin
        upstream+="    upstream customer_admin { server unix:$socket; keepalive $keepalive; }"$'\n'
        if [[ -n $hello_socket ]]; then
            hello_upstream=customer_admin_hello
            upstream+="    upstream customer_admin_hello { server unix:$hello_socket; keepalive $keepalive; }"$'\n'
        fi
    fi
    render_snippet "$socket" "$htpasswd" "$www" "$main_upstream" >"$dir/customer-admin.conf"
    if [[ -n $hello_port ]]; then
        render_snippet "$hello_socket" "$htpasswd" "$www" "$hello_upstream" >"$dir/customer-admin-hello.conf"
        extra="
    server {
        listen 127.0.0.1:$hello_port;
        server_name localhost;
        include customer-admin-hello.conf;
    }"
    fi
    if grep -qF -e "$SNIPPET_SOCKET" -e "$SNIPPET_HTPASSWD" -e "$SNIPPET_WWW" "$dir"/customer-admin*.conf; then
        die "nginx/customer-admin.conf changed its deployment paths; update SNIPPET_* in scripts/lib.sh"
    fi

    local user_line=''
    # A root master would run its workers as `nobody`, who cannot reach the socket; stay who we are.
    [[ $(id -u) -eq 0 ]] && user_line="user $(id -un) $(id -gn);"

    local text
    text=$(<"$REPO/nginx/standalone.conf.template")
    text=${text//@@USER_LINE@@/"$user_line"}
    text=${text//@@WORKERS@@/"$workers"}
    text=${text//@@NGINX_DIR@@/"$dir"}
    text=${text//@@ACCESS_LOG@@/"$access_log"}
    text=${text//@@UPSTREAM@@/"$upstream"}
    text=${text//@@PORT@@/"$port"}
    text=${text//@@EXTRA_SERVERS@@/"$extra"}
    printf '%s\n' "$text" >"$dir/nginx.conf"
    mkdir -p "$dir"/{client_body,fastcgi,proxy,uwsgi,scgi}_temp
}

# Where this nginx keeps mime.types and fastcgi_params (/etc/nginx on Debian).
nginx_conf_dir() {
    local conf
    conf=$(nginx -V 2>&1 | grep -o -- '--conf-path=[^ ]*' | cut -d= -f2)
    dirname "${conf:-/etc/nginx/nginx.conf}"
}

# start_nginx DIR: checks the rendered config, then starts nginx in the background (NGINX_PID).
start_nginx() {
    local dir=$1
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -t -q ||
        die "nginx rejected $dir/nginx.conf (see above)"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
    NGINX_PID=$!
}

# ---------------------------------------------------------------------------------------------
# Processes and ports

# start_responder BIN DB SOCKET PIDFILE LOGFILE [serve options...]: the FastCGI responder in the
# background (RESPONDER_PID); returns once its socket exists.
start_responder() {
    local bin=$1 db=$2 socket=$3 pidfile=$4 logfile=$5; shift 5
    rm -f "$socket"
    "$bin" serve --db "$db" --socket "$socket" --pid-file "$pidfile" "$@" >>"$logfile" 2>&1 &
    RESPONDER_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -S $socket ]] && return 0
        kill -0 "$RESPONDER_PID" 2>/dev/null || { tail -n 20 "$logfile" >&2; die "the responder exited at start (log: $logfile)"; }
        sleep 0.1
    done
    die "the responder did not open $socket within 10 s (log: $logfile)"
}

# stop_process PID [SIGNAL] [SECONDS]: signals it, waits, and kills it if it has not gone by then.
stop_process() {
    local pid=$1 signal=${2:-TERM} seconds=${3:-5} i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -"$signal" "$pid" 2>/dev/null || return 0
    for ((i = 0; i < seconds * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    log "process $pid did not stop within ${seconds}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# stop_stale PIDFILE NAME: a process left by a killed run (its PID in PIDFILE, NAME in its command
# line) is stopped; anything else with a recycled PID is left alone.
stop_stale() {
    local pidfile=$1 name=$2 pid
    [[ -f $pidfile ]] || return 0
    pid=$(<"$pidfile")
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$name"; then
        log "stopping $name left running by an earlier run (pid $pid)"
        stop_process "$pid" TERM 5
    fi
    rm -f "$pidfile"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        port_in_use "$port" || { printf '%s\n' "$port"; return 0; }
    done
}

# wait_http URL [SECONDS]: until the URL answers 200.
wait_http() {
    local url=$1 seconds=${2:-10} i
    for ((i = 0; i < seconds * 10; i++)); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null) == 200 ]] && return 0
        sleep 0.1
    done
    return 1
}

# Run as a command: `bash scripts/lib.sh FUNCTION ARGS...`.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    [[ $# -gt 0 ]] || die "usage: bash scripts/lib.sh FUNCTION [ARGS...]"
    "$@"
fi
