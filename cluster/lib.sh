# Shared by start.sh and stop.sh (sourced, not run). Keeps the shell side of cluster/ in step with the
# Java launchers in parley-engines: same templates, same @-delimited placeholders, same classpath cache.

cluster_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$cluster_dir")
run_dir=${PARLEY_CLUSTER_RUN_DIR:-$repo_dir/.parley/cluster}

# render TEMPLATE TARGET KEY=VALUE... : copy a template, replacing each @KEY@ with VALUE.
render() {
  local template=$1 target=$2; shift 2
  local text; text=$(<"$cluster_dir/$template")
  local pair
  for pair in "$@"; do text=${text//@${pair%%=*}@/${pair#*=}}; done
  if grep -q '@[A-Z_0-9]*@' <<<"$text"; then echo "$template: placeholder without a value" >&2; return 1; fi
  mkdir -p "$(dirname "$target")"
  printf '%s\n' "$text" >"$target"
}

# jvm_options FILE : the flags of an options file, comments and blank lines dropped.
jvm_options() {
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$cluster_dir/$1"
}

# engine_classpath ENGINE : the engine's runtime classpath, resolved by Maven once per pom change.
engine_classpath() {
  local pom=$cluster_dir/$1/pom.xml cache=$cluster_dir/$1/target/classpath.txt
  if [ ! -s "$cache" ] || [ "$pom" -nt "$cache" ]; then
    mkdir -p "$(dirname "$cache")"
    "${MVN:-mvn}" -q -B -f "$pom" dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$cache.part" >"$cluster_dir/$1/target/resolve.log" 2>&1 \
      || { echo "resolving $pom failed, see $cluster_dir/$1/target/resolve.log" >&2; return 1; }
    mv "$cache.part" "$cache"
  fi
  cat "$cache"
}

# is_ours NAME : whether run/pids/NAME.pid names a live process that belongs to this run directory,
# so that a pid reused by an unrelated process after a reboot is never signalled.
is_ours() {
  local pidfile=$run_dir/pids/$1.pid pid
  [ -s "$pidfile" ] || return 1
  pid=$(<"$pidfile")
  # Every process is started with its working directory under the run directory; Redis rewrites its
  # command line, so the working directory is the one mark all of them keep.
  case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in "$run_dir"/*) return 0 ;; *) return 1 ;; esac
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Engines append to their logs across restarts of a run directory, so readiness is read only from what
# a log gained after the start: log_size FILE before launching, then log_has FILE OFFSET PATTERN.
log_size() {
  if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi
}
log_has() {
  [ -f "$1" ] && tail -c +"$(($2 + 1))" "$1" | grep -q -- "$3"
}
