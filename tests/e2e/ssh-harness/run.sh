#!/usr/bin/env bash
# Vendored copy of ../shared/tools/ssh-harness/run.sh (used only when that one is not
# there, e.g. a CI clone without the shared folder). Keep in sync; see its README.
# run.sh - drive a terminal (Textual) app inside a fixed-size tmux pane, reached
# over ssh through a private sshd on loopback (default) or started directly
# (--local), replay a file of keystroke steps and print every captured screen.
#
#   run.sh [options] REMOTE_CMD STEPS_FILE
#   run.sh [options] demo       STEPS_FILE   # builds a venv with Textual and runs demo_app.py
#
# Options:
#   --local            no ssh: start REMOTE_CMD in the tmux pane directly
#   --size COLSxROWS   pane size (default 100x30)
#   --term NAME        TERM seen by the app (default xterm-256color)
#   --env VAR=VALUE    extra environment for the app (repeatable), e.g. NO_COLOR=1
#   --cwd DIR          directory the app starts in (default: the current one)
#   --port N           first loopback port to try for sshd (default 2222)
#   --out DIR          also write each capture to DIR/NN-label.txt
#   --keep             keep the scratch dir (keys, logs) for inspection
#
# Everything it starts (sshd, tmux server, the app) is stopped at the end, by
# PID; nothing else is touched. It installs openssh-server, openssh-client and
# tmux (and procps) with apt-get when they are missing (needs root), and never
# edits the system sshd configuration. Step syntax: see README.md.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODE=ssh
COLS=100 ROWS=30
TERM_NAME=xterm-256color
PORT=${HARNESS_PORT:-2222}
APP_CWD=$PWD
OUTDIR=""
KEEP=0
ENVS=()
DEMO_VENV=${HARNESS_DEMO_VENV:-/tmp/papertui-harness-venv}

die() { echo "run.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --local) MODE=local; shift ;;
    --size) [[ "${2:-}" =~ ^([0-9]+)x([0-9]+)$ ]] || die "--size wants COLSxROWS"
            COLS=${BASH_REMATCH[1]} ROWS=${BASH_REMATCH[2]}; shift 2 ;;
    --term) TERM_NAME=$2; shift 2 ;;
    --env) [[ "${2:-}" == *=* ]] || die "--env wants VAR=VALUE"; ENVS+=("$2"); shift 2 ;;
    --cwd) APP_CWD=$(cd "$2" && pwd) || die "no dir $2"; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --out) OUTDIR=$2; mkdir -p "$OUTDIR"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || die "usage: run.sh [options] REMOTE_CMD STEPS_FILE (see --help)"
APP_CMD=$1
STEPS=$2
[ -r "$STEPS" ] || die "cannot read steps file $STEPS"

# ---------------------------------------------------------------- installs
need=()
command -v tmux >/dev/null || need+=(tmux)
command -v ps >/dev/null && command -v pgrep >/dev/null || need+=(procps)
if [ "$MODE" = ssh ]; then
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ssh >/dev/null && command -v ssh-keygen >/dev/null || need+=(openssh-client)
fi
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need[*]} and not root"
  echo "# installing ${need[*]}"
  # On images without policy-rc.d the package's own sshd (port 22) may be started by
  # the postinst; we neither rely on it nor stop it.
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null || die "apt-get failed"
fi
if [ "$APP_CMD" = demo ]; then
  if [ ! -x "$DEMO_VENV/bin/python" ] || ! "$DEMO_VENV/bin/python" -c 'import textual' 2>/dev/null; then
    echo "# creating $DEMO_VENV with textual"
    python3 -m venv "$DEMO_VENV" && "$DEMO_VENV/bin/pip" install -q 'textual>=8,<9' >/dev/null || die "venv failed"
  fi
  APP_CMD="$DEMO_VENV/bin/python $HERE/demo_app.py"
fi

# ---------------------------------------------------------------- scratch + cleanup
SCRATCH=$(mktemp -d /tmp/papertui-ssh-harness.XXXXXX)
SOCK=$SCRATCH/tmux.sock
T() { tmux -S "$SOCK" "$@"; }
SSHD_PID="" TMUX_PID="" MADE_RUN_SSHD=0 FAILS=0

cleanup() {
  local p
  trap - EXIT INT TERM
  if [ -S "$SOCK" ]; then
    TMUX_PID=${TMUX_PID:-$(T display-message -p '#{pid}' 2>/dev/null)}
    T kill-server 2>/dev/null && echo "# cleanup: tmux server ${TMUX_PID:-?} stopped"
  fi
  sleep 0.3
  if [ -s "$SCRATCH/app.pid" ]; then
    p=$(cat "$SCRATCH/app.pid")
    if alive "$p"; then
      kill "$p" 2>/dev/null; sleep 0.5; alive "$p" && kill -9 "$p" 2>/dev/null
      echo "# cleanup: app pid $p was still running after its terminal closed: killed"
    fi
  fi
  if [ -n "$SSHD_PID" ]; then
    for p in $(ps -o pid= --ppid "$SSHD_PID" 2>/dev/null); do kill "$p" 2>/dev/null; done
    kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null; echo "# cleanup: sshd $SSHD_PID stopped"
  fi
  if [ -n "$TMUX_PID" ] && kill -0 "$TMUX_PID" 2>/dev/null; then kill "$TMUX_PID"; fi
  # remove /run/sshd only if we made it and no sshd (another harness run, say) still needs it
  if [ "$MADE_RUN_SSHD" = 1 ] && ! pgrep -x sshd >/dev/null; then rmdir /run/sshd 2>/dev/null; fi
  # report (never kill) anything else still naming our scratch dir
  local f c
  for f in /proc/[0-9]*/cmdline; do
    c=$( { tr '\0' ' ' < "$f"; } 2>/dev/null ) || continue
    case $c in *"$SCRATCH"*) p=${f#/proc/}; echo "# cleanup: WARNING pid ${p%/cmdline} still references $SCRATCH: $c";; esac
  done
  if [ "$KEEP" = 1 ]; then echo "# scratch kept: $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
alive() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# ---------------------------------------------------------------- sshd on loopback
REMOTE="cd $(printf %q "$APP_CWD") && echo \$\$ > $(printf %q "$SCRATCH/app.pid") && exec env"
for e in "${ENVS[@]}"; do REMOTE+=" $(printf %q "$e")"; done
REMOTE+=" bash -c $(printf %q "$APP_CMD")"

if [ "$MODE" = ssh ]; then
  port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  for _ in $(seq 50); do port_busy "$PORT" || break; PORT=$((PORT + 1)); done
  port_busy "$PORT" && die "no free port found"
  ssh-keygen -q -t ed25519 -N '' -C harness-host -f "$SCRATCH/host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C harness-client -f "$SCRATCH/client_ed25519"
  install -m 600 "$SCRATCH/client_ed25519.pub" "$SCRATCH/authorized_keys"
  echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$SCRATCH/host_ed25519.pub")" > "$SCRATCH/known_hosts"
  cat > "$SCRATCH/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $SCRATCH/host_ed25519
PidFile $SCRATCH/sshd.pid
AuthorizedKeysFile $SCRATCH/authorized_keys
AllowUsers $(id -un)
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AcceptEnv LANG LC_*
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
EOF
  if [ ! -d /run/sshd ]; then mkdir -m 0755 /run/sshd && MADE_RUN_SSHD=1; fi
  /usr/sbin/sshd -t -f "$SCRATCH/sshd_config" || die "sshd config rejected"
  /usr/sbin/sshd -D -f "$SCRATCH/sshd_config" -E "$SCRATCH/sshd.log" &
  SSHD_PID=$!
  for _ in $(seq 100); do port_busy "$PORT" && break; sleep 0.05; done
  port_busy "$PORT" || { cat "$SCRATCH/sshd.log"; die "sshd did not start"; }
  echo "# sshd pid $SSHD_PID on 127.0.0.1:$PORT (config and keys in $SCRATCH)"
  printf 'env TERM=%q LANG=%q ssh -F /dev/null -tt -p %q -i %q -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=%q -o StrictHostKeyChecking=yes -o SendEnv=LANG -o LogLevel=ERROR %q %q\n' \
    "$TERM_NAME" "${LANG:-C.UTF-8}" "$PORT" "$SCRATCH/client_ed25519" "$SCRATCH/known_hosts" \
    "$(id -un)@127.0.0.1" "$REMOTE" > "$SCRATCH/launch.sh"
  echo "echo \$? > $(printf %q "$SCRATCH/app.rc")" >> "$SCRATCH/launch.sh"
else
  # local: a clean environment like a fresh login, plus --env extras
  printf 'env -i HOME=%q PATH=%q USER=%q SHELL=/bin/bash LANG=%q TERM=%q bash -c %q\n' \
    "$HOME" "$PATH" "$(id -un)" "${LANG:-C.UTF-8}" "$TERM_NAME" "$REMOTE" > "$SCRATCH/launch.sh"
  echo "echo \$? > $(printf %q "$SCRATCH/app.rc")" >> "$SCRATCH/launch.sh"
fi

# ---------------------------------------------------------------- tmux
cat > "$SCRATCH/tmux.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g set-clipboard on
set -g history-limit 2000
set -sg escape-time 0
EOF

SNAP_N=0
capture() { T capture-pane -p "$@" -t harness 2>/dev/null; }
settle() {  # wait until two captures 150 ms apart agree (max ~3 s)
  local a b i
  a=$(capture -e)
  for i in $(seq 20); do sleep 0.15; b=$(capture -e); [ "$a" = "$b" ] && return 0; a=$b; done
  return 1
}
show() {  # show LABEL [capture flags]
  local label=$1; shift
  settle || echo "# (screen still changing)"
  SNAP_N=$((SNAP_N + 1))
  local size; size=$(T display-message -p -t harness '#{pane_width}x#{pane_height}')
  echo "----- snap $SNAP_N: ${label:-screen} ($size, +$(( $(now_ms) - T0 )) ms) -----"
  capture "$@" | awk '{ printf "%02d|%s\n", NR, $0 }'
  echo "----- end snap $SNAP_N -----"
  if [ -n "$OUTDIR" ]; then
    capture "$@" > "$OUTDIR/$(printf %02d "$SNAP_N")-${label//[^A-Za-z0-9_.-]/_}.txt"
  fi
}
wait_for() {  # wait_for present|absent TEXT
  local want=$1 text=$2 start=$(now_ms) limit=$(( WAIT_S * 1000 ))
  while :; do
    if capture | grep -qF -- "$text"; then [ "$want" = present ] && break
    else [ "$want" = absent ] && break; fi
    if [ $(( $(now_ms) - start )) -ge $limit ]; then
      echo "FAIL: waited ${WAIT_S}s for '$text' to be $want"; show "timeout"; FAILS=$((FAILS + 1)); return 1
    fi
    sleep 0.02
  done
  echo "ok: '$text' $want after $(( $(now_ms) - start )) ms (+$(( $(now_ms) - T0 )) ms since launch)"
}

echo "# mode=$MODE size=${COLS}x${ROWS} TERM=$TERM_NAME cmd: $APP_CMD"
WAIT_S=20
T0=$(now_ms)
T -f "$SCRATCH/tmux.conf" new-session -d -s harness -x "$COLS" -y "$ROWS" "bash $SCRATCH/launch.sh" \
  || die "tmux failed to start"
TMUX_PID=$(T display-message -p '#{pid}')

# ---------------------------------------------------------------- steps
exec 3< "$STEPS"
while IFS= read -r line <&3 || [ -n "$line" ]; do
  line=${line%$'\r'}
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  cmd=${line%% *}; arg=""; [[ "$line" == *" "* ]] && arg=${line#* }
  case "$cmd" in
    paint)                      # first paint: like wait, and reports the figure
      if wait_for present "$arg"; then echo "METRIC first_paint_ms=$(( $(now_ms) - T0 )) mode=$MODE"; else break; fi ;;
    wait)      wait_for present "$arg" || break ;;
    wait-gone) wait_for absent "$arg" || break ;;
    timeout)   WAIT_S=$arg ;;
    keys)      read -r -a k <<< "$arg"; T send-keys -t harness "${k[@]}" ;;
    type)      T send-keys -t harness -l -- "$arg" ;;
    bytes)     # raw bytes, printf %b escapes (\e, \x1b, \r): e.g. a mouse report or a split sequence
               mapfile -t hx < <(printf '%b' "$arg" | od -An -v -tx1 | tr -s ' ' '\n' | grep .)
               T send-keys -t harness -H "${hx[@]}" ;;
    sleep)     sleep "$arg" ;;
    snap)      show "$arg" ;;
    snap-e)    show "$arg" -e ;;
    resize)    read -r c r <<< "$arg"; T resize-window -t harness -x "$c" -y "$r"
               echo "# resized to ${c}x${r}" ;;
    expect|expect-not)
      settle
      if capture | grep -qF -- "$arg"; then got=1; else got=0; fi
      if { [ "$cmd" = expect ] && [ $got = 1 ]; } || { [ "$cmd" = expect-not ] && [ $got = 0 ]; }; then
        echo "ok: $cmd '$arg'"
      else echo "FAIL: $cmd '$arg'"; FAILS=$((FAILS + 1)); fi ;;
    wait-exit)
      lim=$(( ${arg:-10} * 1000 )); start=$(now_ms)
      until [ "$(T display-message -p -t harness '#{pane_dead}')" = 1 ]; do
        if [ $(( $(now_ms) - start )) -ge $lim ]; then echo "FAIL: app still running after ${arg:-10}s"; FAILS=$((FAILS + 1)); break; fi
        sleep 0.05
      done
      el=$(( $(now_ms) - start ))
      for _ in $(seq 40); do [ -s "$SCRATCH/app.rc" ] && break; sleep 0.05; done
      echo "exit: status=$(cat "$SCRATCH/app.rc" 2>/dev/null || echo '?') after $el ms" ;;
    title)   echo "pane title: '$(T display-message -p -t harness '#{pane_title}')'" ;;
    buffer)  if T list-buffers 2>/dev/null | grep -q .; then echo "tmux buffer (what OSC 52 wrote): '$(T show-buffer)'"; else echo "tmux buffer: (none)"; fi ;;
    cursor)  echo "cursor: $(T display-message -p -t harness 'x=#{cursor_x} y=#{cursor_y} alt_screen=#{alternate_on} mouse_any=#{mouse_any_flag}')" ;;
    hangup)  # SIGHUP to the pane's process group (ssh client in ssh mode, the app itself in
             # local mode), as when the user closes the terminal window or the connection drops
      pp=$(T display-message -p -t harness '#{pane_pid}'); kill -HUP -- "-$pp" 2>/dev/null
      echo "# sent SIGHUP to the pane's process group $pp" ;;
    app-gone)  # wait until the app process (pid recorded at launch) has exited
      ap=$(cat "$SCRATCH/app.pid" 2>/dev/null); lim=$(( ${arg:-5} * 1000 )); start=$(now_ms)
      while alive "$ap"; do
        if [ $(( $(now_ms) - start )) -ge $lim ]; then
          echo "FAIL: app pid $ap still alive ${arg:-5}s later: $(ps -o stat=,pcpu=,etime=,args= -p "$ap")"; FAILS=$((FAILS + 1)); break; fi
        sleep 0.05
      done
      alive "$ap" || echo "ok: app pid $ap gone after $(( $(now_ms) - start )) ms" ;;
    echo)    echo "# $arg" ;;
    shell)   # run a command on this machine (e.g. inspect the app's state file); output is shown
      echo "\$ $arg"; bash -c "$arg" 2>&1 | sed 's/^/  /' ;;
    *) echo "FAIL: unknown step '$cmd'"; FAILS=$((FAILS + 1)) ;;
  esac
done
exec 3<&-

echo "# done: $SNAP_N snaps, $FAILS failure(s)"
[ "$FAILS" = 0 ]
