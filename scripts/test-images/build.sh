#!/usr/bin/env bash
# Builds the container images Berth's tests and examples run, with no registry at all: each
# image is a root filesystem assembled here from busybox-static plus, where needed, binaries
# (and the shared libraries `ldd` lists) of Debian packages installed on this machine, packed
# as a reproducible tarball and `podman import`ed as localhost/berth-test/NAME:TAG.
#
#   scripts/test-images/build.sh [--force] [NAME...]     NAME: web fail hang init redis
#                                                              postgres mariadb examples
#                                                              (default: all)
#   scripts/test-images/build.sh --list                  the images and their status
#
# Idempotent: an image whose org.berth.test-image.hash label equals the hash of the tarball
# (and import instructions) about to be built is left alone; --force rebuilds anyway.
# `web` builds two tags, :1 and :2 (another GREETING and WEB_VERSION), for upgrade tests.
# postgres and mariadb are optional: built when the machine has the server packages (this
# machine kind does), skipped with a warning otherwise. Run as root after
# scripts/engine/setup-podman.sh; the images then show through the API socket too.
set -euo pipefail
umask 022 # the modes in the tarballs, and so the content hashes, must not depend on the caller

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
files="$here/files"
repo_prefix=localhost/berth-test
all_images=(web fail hang init redis postgres mariadb examples)

log() { printf '[test-images] %s\n' "$*" >&2; }
die() { printf '[test-images] ERROR: %s\n' "$*" >&2; exit 1; }

force=0
list=0
selected=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --list) list=1 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) die "unknown option $arg" ;;
    *)
      [[ " ${all_images[*]} " == *" $arg "* ]] || die "unknown image $arg (known: ${all_images[*]})"
      selected+=("$arg")
      ;;
  esac
done
[ "${#selected[@]}" -gt 0 ] || selected=("${all_images[@]}")

if [ "$list" = 1 ]; then
  podman images --filter label=org.berth.test-image \
    --format '{{.Repository}}:{{.Tag}}\t{{.Size}}\t{{.Created}}'
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "run as root (rootful Podman storage): sudo $0"
command -v podman >/dev/null || die "podman is missing: run scripts/engine/setup-podman.sh first"
command -v busybox >/dev/null || die "busybox is missing: run scripts/engine/setup-podman.sh first"
# Our containers.conf drop-in only applies without CONTAINERS_CONF (see setup-podman.sh).
unset CONTAINERS_CONF

work="$(mktemp -d /var/tmp/berth-test-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# --- rootfs helpers -------------------------------------------------------------------------

# base_root: busybox (every applet linked into /bin), users, and the directories a container
# expects. Made once and copied per image: ~270 `ln` forks cost seconds on this machine.
base_root() {
  local root="$work/.base"
  mkdir -p "$root"/{bin,etc,root,tmp,run,var/log,var/tmp,usr/bin,usr/local/bin,usr/sbin}
  chmod 1777 "$root/tmp" "$root/var/tmp"
  # busybox-static: one static binary, no libraries; ~1.9 MB for ~270 commands.
  cp "$(command -v busybox)" "$root/bin/busybox"
  local applet
  for applet in $(busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh
mysql:x:998:998:MariaDB:/var/lib/mysql:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:
postgres:x:999:
mysql:x:998:
nogroup:x:65534:
EOF
  # Podman bind-mounts its own over these; present so that the rootfs is complete without it.
  : >"$root/etc/hosts"
  : >"$root/etc/resolv.conf"
}

# new_root NAME: a fresh copy of the base rootfs for one image. Prints its path.
new_root() {
  [ -d "$work/.base" ] || base_root
  rm -rf "${work:?}/$1"
  cp -a "$work/.base" "$work/$1"
  echo "$work/$1"
}

# add_file ROOT SRC DEST [MODE]
add_file() {
  mkdir -p "$1$(dirname "$3")"
  cp -L "$2" "$1$3"
  chmod "${4:-644}" "$1$3"
}

# add_elf ROOT FILE...: dynamically linked programs or modules, at the same paths as here,
# and every library ldd resolves for them (see add_libs).
add_elf() {
  local root=$1 f
  shift
  for f in "$@"; do [ -e "$root$f" ] || add_file "$root" "$f" "$f" 755; done
  add_libs "$root" "$@"
}

# add_libs ROOT FILE...: the shared libraries ldd resolves for FILEs, copied dereferenced
# into the directory they really live in here; /lib and /lib64 become the same symlinks into
# /usr as on Debian 12's merged /usr, so the loader's built-in search path finds them without
# an ld.so.cache. One ldd call and no per-library forks: forks are slow on this machine.
add_libs() {
  local root=$1 link lib dir
  shift
  for link in /lib /lib64; do
    if [ -L "$link" ] && [ ! -e "$root$link" ]; then ln -s "$(readlink "$link")" "$root$link"; fi
  done
  declare -A real_dirs=()
  while read -r lib; do
    dir="${lib%/*}"
    [ -n "${real_dirs[$dir]:-}" ] || real_dirs[$dir]="$(readlink -f "$dir")"
    [ -e "$root${real_dirs[$dir]}/${lib##*/}" ] ||
      add_file "$root" "$lib" "${real_dirs[$dir]}/${lib##*/}" 755
  done < <(ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// {print $3; next}
                           NF == 2 && $1 ~ /^\// && $1 !~ /:$/ {print $1}' | sort -u)
}

# --- import with content hash -----------------------------------------------------------------
declare -a summary=()

# finish NAME TAG ROOT CHANGE...: pack ROOT reproducibly (sorted, fixed mtime and owners), hash
# it with the import instructions, and import unless an image with that hash label exists.
finish() { finish_as "$repo_prefix/$1" "$@"; }

# finish_as REPOSITORY NAME TAG ROOT CHANGE...: as finish, under another repository.
finish_as() {
  local repository=$1 name=$2 tag=$3 root=$4 started=$SECONDS
  shift 4
  local ref="$repository:$tag" tar="$work/$name-$tag.tar" hash current old_id status
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$root" -cf "$tar" .
  hash="$({ sha256sum <"$tar"; printf '%s\n' "$@"; } | sha256sum | cut -c1-64)"
  current="$(podman image inspect --format '{{index .Labels "org.berth.test-image.hash"}}' \
    "$ref" 2>/dev/null || true)"
  if [ "$force" = 0 ] && [ "$current" = "$hash" ]; then
    status="up to date"
  else
    old_id="$(podman image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)"
    local args=()
    for c in "$@"; do args+=(--change "$c"); done
    podman import -q "${args[@]}" \
      --change "LABEL org.berth.test-image=$name" \
      --change "LABEL org.berth.test-image.hash=$hash" \
      --message "berth test image $name:$tag (scripts/test-images/build.sh)" \
      "$tar" "$ref" >/dev/null
    # The previous build of this tag is now untagged: drop it unless a container uses it.
    if [ -n "$old_id" ] && [ "$old_id" != "$(podman image inspect --format '{{.Id}}' "$ref")" ]; then
      podman rmi "$old_id" >/dev/null 2>&1 || true
    fi
    status="built"
  fi
  local size
  size="$(podman image inspect --format '{{.Size}}' "$ref")"
  summary+=("$(printf '%-40s %-10s %6.1f MB %4ss' "$ref" "$status" \
    "$(awk "BEGIN{print $size/1000000}")" "$((SECONDS - started))")")
  rm -f "$tar"
}

# Imported images have no PATH of their own (and `podman kube play` adds none): set one.
path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
std_env=("ENV PATH=$path" "ENTRYPOINT [\"/entrypoint.sh\"]")

# --- the images -----------------------------------------------------------------------------

build_web() {
  local root
  root="$(new_root web)"
  add_file "$root" "$files/web/entrypoint.sh" /entrypoint.sh 755
  mkdir -p "$root/www" "$root/var/log/web"
  local v
  for v in 1 2; do
    finish web "$v" "$root" "${std_env[@]}" \
      "ENV PORT=8080" "ENV WEB_VERSION=$v" "ENV GREETING=hello-from-web-v$v" \
      "EXPOSE 8080/tcp"
  done
}

build_fail() {
  local root
  root="$(new_root fail)"
  add_file "$root" "$files/fail/entrypoint.sh" /entrypoint.sh 755
  finish fail 1 "$root" "${std_env[@]}"
}

build_hang() {
  local root
  root="$(new_root hang)"
  add_file "$root" "$files/hang/entrypoint.sh" /entrypoint.sh 755
  add_file "$root" "$files/hang/hang-handler" /usr/local/bin/hang-handler 755
  finish hang 1 "$root" "${std_env[@]}" "ENV PORT=8080" "EXPOSE 8080/tcp"
}

build_init() {
  local root
  root="$(new_root init)"
  add_file "$root" "$files/init/entrypoint.sh" /entrypoint.sh 755
  finish init 1 "$root" "${std_env[@]}"
}

# Debian's redis-tools ships the server binary as redis-check-rdb (the redis-server package
# only adds a symlink and a system service): install just redis-tools when missing, so the
# build never starts a second Redis next to the machine's own on 6379.
build_redis() {
  if ! command -v redis-cli >/dev/null || [ ! -x /usr/bin/redis-check-rdb ]; then
    log "installing redis-tools (redis-server binary + redis-cli)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-tools \
      >/dev/null
  fi
  local root
  root="$(new_root redis)"
  add_file "$root" "$files/redis/entrypoint.sh" /entrypoint.sh 755
  # The binary decides what to be from argv[0]: it must be called redis-server.
  add_file "$root" /usr/bin/redis-check-rdb /usr/bin/redis-server 755
  add_elf "$root" /usr/bin/redis-cli
  add_libs "$root" /usr/bin/redis-check-rdb
  mkdir -p "$root/data"
  finish redis 1 "$root" "${std_env[@]}" "EXPOSE 6379/tcp" "WORKDIR /data"
}

build_postgres() {
  local pgbin major root
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$pgbin" ] || [ ! -x "$pgbin/postgres" ] || [ ! -x "$pgbin/psql" ]; then
    log "warning: no PostgreSQL server here (Debian postgresql-NN), skipping postgres"
    summary+=("$(printf '%-40s %s' "$repo_prefix/postgres:1" "skipped (no postgresql)")")
    return 0
  fi
  major="$(basename "$(dirname "$pgbin")")"
  root="$(new_root postgres)"
  add_file "$root" "$files/postgres/entrypoint.sh" /entrypoint.sh 755
  local b so modules=()
  # Server modules (PL/pgSQL, text search dictionaries, encoding conversions, contrib): all but
  # the LLVM JIT, which alone would pull in ~100 MB of libLLVM (jit=off in the entrypoint).
  for so in /usr/lib/postgresql/"$major"/lib/*.so; do
    case "$so" in */llvmjit*) ;; *) modules+=("$so") ;; esac
  done
  add_elf "$root" "${modules[@]}" \
    $(for b in postgres initdb pg_ctl psql pg_isready createdb; do echo "$pgbin/$b"; done)
  mkdir -p "$root/usr/share/postgresql"
  cp -a "/usr/share/postgresql/$major" "$root/usr/share/postgresql/"
  rm -rf "$root/usr/share/postgresql/$major/man"
  # Debian builds PostgreSQL against the system tz database; UTC is all the tests need.
  add_file "$root" /usr/share/zoneinfo/Etc/UTC /usr/share/zoneinfo/UTC
  add_file "$root" /usr/share/zoneinfo/Etc/UTC /usr/share/zoneinfo/Etc/UTC
  mkdir -p "$root/var/lib/postgresql" "$root/run/postgresql"
  finish postgres 1 "$root" "ENV PATH=$pgbin:$path" "ENTRYPOINT [\"/entrypoint.sh\"]" \
    "ENV TZ=UTC" "ENV PGDATA=/var/lib/postgresql/data" \
    "EXPOSE 5432/tcp" "STOPSIGNAL SIGINT"
}

build_mariadb() {
  if [ ! -x /usr/sbin/mariadbd ] || [ ! -x /usr/bin/mariadb-install-db ] || [ ! -x /usr/bin/mariadb ]; then
    log "warning: no MariaDB server here (Debian mariadb-server), skipping mariadb"
    summary+=("$(printf '%-40s %s' "$repo_prefix/mariadb:1" "skipped (no mariadb-server)")")
    return 0
  fi
  local root
  root="$(mariadb_root mariadb)"
  finish mariadb 1 "$root" "${std_env[@]}" "EXPOSE 3306/tcp"
}

have_mariadb() {
  [ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/mariadb-install-db ] && [ -x /usr/bin/mariadb ]
}

# mariadb_root NAME: a rootfs with Debian's MariaDB server and client. Prints its path.
mariadb_root() {
  local root
  root="$(new_root "$1")"
  add_file "$root" "$files/mariadb/entrypoint.sh" /entrypoint.sh 755
  add_elf "$root" /usr/sbin/mariadbd /usr/bin/mariadb /usr/bin/mariadb-admin \
    /usr/bin/my_print_defaults /usr/bin/resolveip
  # mariadb-install-db is a /bin/sh script; busybox's sh, awk and sed run it.
  add_file "$root" /usr/bin/mariadb-install-db /usr/bin/mariadb-install-db 755
  # Server messages in English, the character set definitions and the SQL that builds the
  # system tables: the rest of /usr/share/mysql is other languages and tooling.
  mkdir -p "$root/usr/share/mysql"
  cp -a /usr/share/mysql/english /usr/share/mysql/charsets /usr/share/mysql/*.sql \
    "$root/usr/share/mysql/"
  mkdir -p "$root/var/lib/mysql" "$root/run/mysqld"
  # The official image's name for the admin tool (the catalog's health check calls it).
  ln -s mariadb-admin "$root/usr/bin/mysqladmin"
  echo "$root"
}

# Stand-ins for the images examples/three-tier/app.yaml names, under the repository prefix
# a registry mirror points at (localhost/berth-mirror): an air-gapped site's mirror maps
# docker.io and registry.example.com there, and the agent finds the images without a pull.
#   docker.io/library/mysql:8.4            MariaDB, honouring the MYSQL_* variables
#   registry.example.com/acme/shop-migrate the init image, /app/migrate really migrating
#   registry.example.com/acme/shop-api     the web image on port 9000
#   registry.example.com/acme/shop-web     the web image on port 8080
# Tags 2.3.0, 2.4.0 and 2.5.0, but shop-api:2.5.0 never gets healthy (a broken release).
mirror_prefix=localhost/berth-mirror
build_examples() {
  if ! have_mariadb; then
    log "warning: no MariaDB server here (Debian mariadb-server), skipping examples"
    summary+=("$(printf '%-40s %s' "$mirror_prefix/*" "skipped (no mariadb-server)")")
    return 0
  fi
  local root v
  root="$(mariadb_root mysql)"
  finish_as "$mirror_prefix/library/mysql" mysql 8.4 "$root" "${std_env[@]}" "EXPOSE 3306/tcp"
  root="$(new_root shop-migrate)"
  add_elf "$root" /usr/bin/mariadb
  mkdir -p "$root/usr/share/mysql"
  cp -a /usr/share/mysql/charsets "$root/usr/share/mysql/"
  add_file "$root" "$files/shop/migrate.sh" /app/migrate 755
  for v in 2.3.0 2.4.0 2.5.0; do
    finish_as "$mirror_prefix/acme/shop-migrate" shop-migrate "$v" "$root" \
      "ENV PATH=$path" "ENV SHOP_VERSION=$v" "ENTRYPOINT []" "CMD [\"/app/migrate\"]"
  done
  root="$(new_root shop-web)"
  add_file "$root" "$files/web/entrypoint.sh" /entrypoint.sh 755
  mkdir -p "$root/www" "$root/var/log/web"
  for v in 2.3.0 2.4.0 2.5.0; do
    finish_as "$mirror_prefix/acme/shop-web" shop-web "$v" "$root" "${std_env[@]}" \
      "ENV PORT=8080" "ENV WEB_VERSION=$v" "ENV GREETING=shop-web-$v" "EXPOSE 8080/tcp"
  done
  for v in 2.3.0 2.4.0; do
    finish_as "$mirror_prefix/acme/shop-api" shop-api "$v" "$root" "${std_env[@]}" \
      "ENV PORT=9000" "ENV WEB_VERSION=$v" "ENV GREETING=shop-api-$v" "EXPOSE 9000/tcp"
  done
  finish_as "$mirror_prefix/acme/shop-api" shop-api 2.5.0 "$root" "${std_env[@]}" \
    "ENV PORT=9000" "ENV WEB_VERSION=2.5.0" "ENV UNHEALTHY=1" "EXPOSE 9000/tcp"
}

for name in "${selected[@]}"; do
  log "building $name"
  "build_$name"
done

printf '\n%-40s %-10s %9s %5s\n' IMAGE STATUS SIZE TIME
printf '%s\n' "${summary[@]}"
