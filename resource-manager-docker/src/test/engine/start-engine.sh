#!/usr/bin/env bash
# Starts a local Docker engine for the resource-manager-docker tests and builds the tiny test image, idempotently:
#   - an engine that already answers `docker info` is used as it is;
#   - otherwise docker.io (and busybox-static) are installed if missing and dockerd is started in the background,
#     with no iptables, no bridge and the vfs storage driver, so it works inside a container without privileges
#     beyond root and without any registry (containers run with --network none);
#   - the image is imported from busybox-static unless it is already present (no registry is ever contacted).
# Environment: RM_DOCKER_TEST_IMAGE (default rm-test-busybox:2), RM_DOCKERD_LOG (default /var/log/rm-dockerd.log).
set -euo pipefail

IMAGE="${RM_DOCKER_TEST_IMAGE:-rm-test-busybox:2}"
DOCKERD_LOG="${RM_DOCKERD_LOG:-/var/log/rm-dockerd.log}"
WAIT_SECONDS="${RM_DOCKERD_WAIT_SECONDS:-60}"

say() { printf 'start-engine: %s\n' "$*"; }

engine_up() { docker info >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  # The docker CLI may come from elsewhere; docker.io brings one too.
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Without package lists (a fresh machine) the first try fails: update once, then try again, showing errors.
    if ! apt-get install -y "${missing[@]}" >/dev/null 2>&1; then
      apt-get update -q >/dev/null
      apt-get install -y -q "${missing[@]}" >/dev/null
    fi
  fi
}

start_dockerd() {
  if engine_up; then
    say "engine already up: $(docker info --format '{{.ServerVersion}} (cgroup v{{.CgroupVersion}}, {{.Driver}})')"
    return
  fi
  local pid=""
  [ -r /var/run/docker.pid ] && pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    say "dockerd is running but not answering yet; waiting"
  else
    say "starting dockerd (log: $DOCKERD_LOG)"
    # A stale pid file from a killed daemon makes dockerd refuse to start.
    rm -f /var/run/docker.pid
    nohup dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs >>"$DOCKERD_LOG" 2>&1 &
  fi
  local waited=0
  until engine_up; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      say "engine did not answer within ${WAIT_SECONDS}s; last lines of $DOCKERD_LOG:"
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "engine up after ${waited}s: $(docker info --format '{{.ServerVersion}} (cgroup v{{.CgroupVersion}}, {{.Driver}})')"
}

build_image() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    say "image $IMAGE already present"
    return
  fi
  local root
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' RETURN
  # mktemp -d makes a 0700 directory, which would become the image's / and lock out non-root users.
  chmod 755 "$root"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev"
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" -c . | docker import --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - "$IMAGE" >/dev/null
  say "image $IMAGE built from busybox-static"
}

install_packages
start_dockerd
build_image
