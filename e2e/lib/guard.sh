#!/usr/bin/env bash
# guard.sh OWNER_PID COMMAND [ARGS...]
# Runs COMMAND as a child and ends it when it is told to (TERM/INT/HUP) or when OWNER_PID (the JVM that started the
# test bed; "-" for none) has died, so that a killed test run leaves no etcd, apiserver or kwok behind.
# e2e/cluster starts it with setsid: the guard leads its own process group, which `down` kills as a whole.
owner=$1; shift
"$@" &
child=$!
stop() {
  kill -TERM "$child" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$child" 2>/dev/null
  wait "$child" 2>/dev/null
  exit 143
}
trap stop TERM INT HUP
while kill -0 "$child" 2>/dev/null; do
  if [[ $owner != - ]] && ! kill -0 "$owner" 2>/dev/null; then
    echo "guard: owner process $owner is gone; stopping $1" >&2
    stop
  fi
  sleep 1 &
  wait $! # wait, unlike a plain sleep, lets the trap run at once
done
wait "$child"
